"""The board roster as a PDF: pdftotext shows the council, the period and every seat."""

from datetime import date

import pytest

from tests.conftest import token
from tests.integration.membership.support import council, draft, membership_service, person
from tests.pdftext import pdf_text
from tests.stack import Stack

pytestmark = pytest.mark.integration

BOARD = [
    ("Ketua", None, "Hj. Sékar Ayu Wulandari"),
    ("Wakil Ketua", None, "Bagus Prasetyo"),
    ("Sekretaris", None, "Ni Luh Ayu Citra Dewi"),
    ("Bendahara", None, "Fajar Nugroho"),
    ("Ketua Bidang", "Bidang Pemasaran", "Raden Ajeng Kartini Putri"),
]


async def test_the_roster_pdf_shows_every_position_and_name(stack: Stack) -> None:
    async with membership_service(stack) as service:
        await council(service.client, "33.75", ["Bidang Pemasaran"])
        seats = []
        for title, bidang, name in BOARD:
            member_id = await person(service.client, "33.75", name)
            seats.append({"title": title, "bidang": bidang, "member_id": member_id})
        term = await draft(
            service.client,
            "33.75",
            date(2021, 1, 1),
            date(2026, 1, 1),
            positions=seats,
            decree="188.4/45/2021",
        )
        r = await service.client.get(f"/terms/{term['id']}/roster.pdf", headers=token("33.75"))
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/pdf"
        text = pdf_text(r.content)
        assert "SUSUNAN PENGURUS" in text and "Dekranasda Kota Pekalongan" in text
        assert "1 Januari 2021 s.d. 31 Desember 2025" in text and "188.4/45/2021" in text
        for title, bidang, name in BOARD:
            assert title in text and name in text
            assert bidang is None or bidang in text
        elsewhere = await service.client.get(f"/terms/{term['id']}/roster.pdf", headers=token("17"))
        assert elsewhere.status_code == 404
