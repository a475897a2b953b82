"""Member exports on the real stack: the file matches the API's list, scope and contacts hold."""

import csv
import io
from collections.abc import AsyncIterator

import httpx
import openpyxl
import pytest

from tests.conftest import token
from tests.integration.membership.support import Service, council, membership_service
from tests.stack import Stack

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def service(stack: Stack) -> AsyncIterator[Service]:
    async with membership_service(stack) as running:
        for code in ("33", "33.75", "17"):
            await council(running.client, code)
        people = [("33.75", "Sékar Ayu", "+62 812 1111 2222"), ("33.75", "Bagus Wibowo", None)]
        people += [("17", "Rafflesia Dewi", "+62 813 3333 4444")]
        for code, name, phone in people:
            body = {"council": code, "kind": "person", "name": name, "phone": phone}
            body["email"] = f"{name.split()[0].lower()}@contoh.id"
            r = await running.client.post("/members", json=body, headers=token(code))
            assert r.status_code == 201, r.text
        business = {
            "council": "33.75",
            "kind": "business",
            "name": "Batik Pesisir Jetayu",
            "nib": "9120001234567",
            "category": "batik",
            "owner_name": "Hj. Siti",
            "digital_channels": ["shopee", "instagram"],
            "capital": 150_000_000,
        }
        r = await running.client.post("/members", json=business, headers=token("33.75"))
        assert r.status_code == 201, r.text
        yield running


async def _listed(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, object]]:
    r = await client.get("/members", params={"size": 200}, headers=headers)
    assert r.status_code == 200
    return sorted(r.json()["items"], key=lambda m: str(m["id"]))


async def test_an_xlsx_export_matches_the_list_row_by_row(service: Service) -> None:
    headers = token("33.75")
    before = await _listed(service.client, headers)
    r = await service.client.get("/members/export", params={"format": "xlsx"}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True).active
    assert sheet is not None
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert "phone" not in header and "email" not in header
    exported = [dict(zip(header, row, strict=True)) for row in rows]
    after = await _listed(service.client, headers)  # trade records of other tests may come in
    listed = {str(m["id"]): m for m in after}
    ids = [str(row["id"]) for row in exported]
    assert ids == sorted(ids) and {str(m["id"]) for m in before} <= set(ids) <= set(listed)
    for row in exported:
        member = listed[str(row["id"])]
        for field in ("council", "kind", "name", "nib", "category", "owner_name", "capital"):
            assert row[field] == member[field], field
        channels = ", ".join(member["digital_channels"])  # type: ignore[arg-type]
        assert row["digital_channels"] == (channels or None)
    assert {row["council"] for row in exported} == {"33.75"}
    assert all(row["council_name"] == "Kota Pekalongan" for row in exported)


async def test_a_pekalongan_export_holds_no_bengkulu_row_and_no_contacts_unless_asked(
    service: Service,
) -> None:
    r = await service.client.get("/members/export", headers=token("33.75"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows and {row["council"] for row in rows} == {"33.75"}
    assert "Rafflesia Dewi" not in r.text and "phone" not in rows[0]
    assert "contoh.id" not in r.text and "1111" not in r.text

    asked = await service.client.get(
        "/members/export", params={"contacts": "true"}, headers=token("33.75")
    )
    named = {
        row["name"]: row for row in csv.DictReader(io.StringIO(asked.content.decode("utf-8-sig")))
    }
    assert named["Sékar Ayu"]["phone"] and named["Sékar Ayu"]["email"] == "sékar@contoh.id"
    viewer = await service.client.get(
        "/members/export", params={"contacts": "true"}, headers=token("33.75", "viewer")
    )
    assert viewer.status_code == 403 and viewer.json()["detail"].startswith("contacts:")
    elsewhere = await service.client.get(
        "/members/export", params={"council": "17"}, headers=token("33.75")
    )
    assert elsewhere.status_code == 404


async def test_every_export_is_recorded_for_admins_in_scope(service: Service) -> None:
    r = await service.client.get(
        "/members/export",
        params={"contacts": "true", "kind": "person"},
        headers=token("17", sub="sekretariat-bengkulu"),
    )
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    shown = await service.client.get("/exports", headers=token("ID", "admin"))
    assert shown.status_code == 200
    mine = [e for e in shown.json()["items"] if e["sub"] == "sekretariat-bengkulu"]
    assert len(mine) == 1
    assert (
        mine[0]["what"] == "members"
        and mine[0]["rows"] == len(rows) >= 1
        and mine[0]["contacts"] is True
    )
    assert mine[0]["council"] == "17" and mine[0]["filters"]["kind"] == "person"
    pekalongan = await service.client.get("/exports", headers=token("33.75", "admin"))
    assert pekalongan.json()["items"]
    assert all(e["council"] == "33.75" for e in pekalongan.json()["items"])
    refused = await service.client.get("/exports", headers=token("33.75"))
    assert refused.status_code == 403
