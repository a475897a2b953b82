"""An event's attendance as a file (matching the API row by row) and as a daftar hadir PDF."""

import io
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest

from tests.conftest import token
from tests.integration.events.harness import EventsService, body
from tests.pdftext import pdf_text

pytestmark = pytest.mark.integration
NAMES = ("Hj. Sékar Ayu Wulandari", "Bagus Prasetyo", "Ni Luh Ayu Citra Dewi")


async def _training(events: EventsService) -> tuple[str, list[str]]:
    members = await events.feed.members("33.75", *NAMES)
    now = datetime.now(UTC)
    training = body(
        "33.75",
        "Pelatihan pewarna alam batik",
        (now - timedelta(hours=2)).isoformat(),
        (now + timedelta(hours=2)).isoformat(),
        type="training",
        venue="Museum Batik Pekalongan",
    )
    event_id = (await events.http.post("/events", json=training, headers=token("33.75"))).json()[
        "id"
    ]
    for member_id in members:
        r = await events.http.post(
            f"/events/{event_id}/registrations",
            json={"member_id": member_id},
            headers=token("33.75"),
        )
        assert r.status_code == 201
    r = await events.http.post(
        f"/events/{event_id}/check-ins", json={"member_id": members[0]}, headers=token("33.75")
    )
    assert r.status_code == 200
    return event_id, members


async def test_the_attendance_export_matches_the_event_row_by_row(events: EventsService) -> None:
    event_id, _ = await _training(events)
    r = await events.http.get(
        f"/events/{event_id}/attendance/export", params={"format": "xlsx"}, headers=token("33.75")
    )
    assert r.status_code == 200, r.text
    sheet = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True).active
    assert sheet is not None
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    exported = [dict(zip(header, row, strict=True)) for row in rows]
    detail = (await events.http.get(f"/events/{event_id}", headers=token("33.75"))).json()
    assert len(exported) == len(detail["registrations"]) == 3
    for row, entry in zip(exported, detail["registrations"], strict=True):
        assert (row["member_id"], row["member_name"]) == (entry["member_id"], entry["member_name"])
        assert row["status"] == entry["status"]
        assert row["attended"] == ("ya" if entry["checked_in_at"] else "tidak")
    assert exported[0]["checked_in_at"] is not None and exported[1]["checked_in_at"] is None
    hidden = await events.http.get(f"/events/{event_id}/attendance/export", headers=token("17"))
    assert hidden.status_code == 404
    log = (await events.http.get("/exports", headers=token("33", "admin"))).json()["items"]
    assert any(e["filters"] == {"event_id": event_id} and e["rows"] == 3 for e in log)


async def test_the_attendance_list_pdf_has_every_name_and_a_signature_column(
    events: EventsService,
) -> None:
    event_id, _ = await _training(events)
    r = await events.http.get(f"/events/{event_id}/attendance.pdf", headers=token("33.75"))
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = pdf_text(r.content)
    assert "DAFTAR HADIR" in text and "Dekranasda Kota Pekalongan" in text
    assert "Pelatihan pewarna alam batik" in text and "Museum Batik Pekalongan" in text
    assert "Tanda Tangan" in text and "WIB" in text
    for name in NAMES:
        assert name in text
