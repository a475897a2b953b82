"""Board terms over HTTP on the real stack: drafting, seating, history, direct inauguration."""

import json
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
import pytest_asyncio

from tests.conftest import token
from tests.helpers import eventually, headers_of, read_topic
from tests.integration.membership.support import (
    Service,
    council,
    draft,
    membership_service,
    person,
    records_with_key,
)
from tests.stack import Stack

pytestmark = pytest.mark.integration
CITY = "33.75"  # Kota Pekalongan
AUTH = token(CITY)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def service(stack: Stack) -> AsyncIterator[Service]:
    async with membership_service(stack) as running:
        for code in (CITY, "17", "17.71"):
            await council(running.client, code, bidang=["Pemasaran", "Pelatihan"])
        yield running


@pytest.fixture
def client(service: Service) -> httpx.AsyncClient:
    return service.client


async def test_a_draft_publishes_term_created(service: Service, client: httpx.AsyncClient) -> None:
    term = await draft(client, CITY, date(2001, 1, 1), date(2004, 1, 1), decree="SK 1/2001")
    assert term["status"] == "draft" and term["decree_number"] == "SK 1/2001"
    record = await read_topic(
        service.stack.kafka, "term.created", until=lambda r: r.key == term["id"].encode()
    )
    assert json.loads(record.value)["period_start"] == "2001-01-01"
    assert headers_of(record)["ce_region"] == CITY


async def test_an_overlapping_period_is_a_conflict_naming_the_term(
    client: httpx.AsyncClient,
) -> None:
    first = await draft(client, CITY, date(2006, 1, 1), date(2011, 1, 1))
    body = {"council": CITY, "period_start": "2010-06-01", "period_end": "2015-06-01"}
    r = await client.post("/terms", json=body, headers=AUTH)
    assert r.status_code == 409
    assert r.headers["content-type"] == "application/problem+json"
    assert first["id"] in r.json()["detail"]
    adjacent = {**body, "period_start": "2011-01-01"}  # the end day is not part of the period
    assert (await client.post("/terms", json=adjacent, headers=AUTH)).status_code == 201


async def test_a_seat_held_by_another_councils_member_names_the_position(
    client: httpx.AsyncClient,
) -> None:
    term = await draft(client, "17", date(1990, 1, 1), date(1995, 1, 1))
    ketua = await person(client, "17", "Ketua Provinsi")
    regency = await person(client, "17.71", "Warga Kota Bengkulu")
    seats = [
        {"title": "Ketua", "member_id": ketua},
        {"title": "Sekretaris", "member_id": regency},
    ]
    r = await client.put(
        f"/terms/{term['id']}/positions", json={"positions": seats}, headers=token("17")
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "positions[1].member_id"


async def test_positions_refuse_a_second_seat_an_unseen_member_and_an_unknown_bidang(
    client: httpx.AsyncClient,
) -> None:
    term = await draft(client, CITY, date(1980, 1, 1), date(1985, 1, 1))
    ketua = await person(client, CITY, "Ibu Ketua")
    outsider = await person(client, "17.71", "Bukan Warga Pekalongan")
    cases = [
        ([{"title": "Ketua", "member_id": ketua}, {"title": "Wakil", "member_id": ketua}], 1),
        ([{"title": "Ketua", "member_id": outsider}], 0),
        ([{"title": "Ketua Bidang", "bidang": "Kuliner", "member_id": ketua}], 0),
    ]
    for seats, index in cases:
        r = await client.put(
            f"/terms/{term['id']}/positions", json={"positions": seats}, headers=AUTH
        )
        assert r.status_code == 422, r.text
        assert r.json()["detail"].startswith(f"positions[{index}]")
    unseen = await client.put(
        f"/terms/{term['id']}/positions",
        json={"positions": [{"title": "Ketua", "member_id": outsider}]},
        headers=AUTH,
    )
    assert "17.71" not in unseen.json()["detail"]  # a member out of scope does not exist


async def test_a_board_is_replaced_whole(client: httpx.AsyncClient) -> None:
    term = await draft(client, CITY, date(1970, 1, 1), date(1975, 1, 1))
    a, b = await person(client, CITY, "Ani"), await person(client, CITY, "Budi")
    url = f"/terms/{term['id']}/positions"
    first = [{"title": "Ketua", "member_id": a}, {"title": "Sekretaris", "member_id": b}]
    assert (await client.put(url, json={"positions": first}, headers=AUTH)).status_code == 200
    second = [{"title": "Ketua Bidang", "bidang": "pemasaran", "member_id": b}]
    r = await client.put(url, json={"positions": second}, headers=AUTH)
    assert r.status_code == 200
    assert r.json()["positions"] == [
        {"title": "Ketua Bidang", "bidang": "Pemasaran", "member_id": b, "member_name": "Budi"}
    ]


async def test_history_lists_newest_first_in_pages(client: httpx.AsyncClient) -> None:
    await council(client, "17.01")
    for year in (2011, 2016, 2021):
        await draft(client, "17.01", date(year, 3, 23), date(year + 5, 3, 23))
    first = await client.get("/terms", params={"council": "17.01", "size": 2}, headers=AUTH_17)
    assert first.status_code == 200
    page = first.json()
    assert page["total"] == 3
    assert [t["period_start"] for t in page["items"]] == ["2021-03-23", "2016-03-23"]
    second = await client.get(
        "/terms", params={"council": "17.01", "size": 2, "page": 2}, headers=AUTH_17
    )
    assert [t["period_start"] for t in second.json()["items"]] == ["2011-03-23"]
    drafts = await client.get("/terms", params={"status": "inaugurated"}, headers=AUTH_17)
    assert all(t["status"] == "inaugurated" for t in drafts.json()["items"])


AUTH_17 = token("17")


async def test_inaugurating_ends_the_previous_term_and_publishes_both(
    service: Service, client: httpx.AsyncClient
) -> None:
    ketua = await person(client, CITY, "Hj. Inggit Soraya")
    seats = [{"title": "Ketua", "member_id": ketua}]
    old = await draft(client, CITY, date(2016, 10, 26), date(2021, 10, 26), positions=seats)
    new = await draft(client, CITY, date(2021, 10, 26), date(2026, 10, 26), positions=seats)
    when = {"inaugurated_at": "2016-10-26T10:00:00+07:00"}
    r = await client.post(f"/terms/{old['id']}/inaugurate", json=when, headers=AUTH)
    assert r.status_code == 200 and r.json()["inaugurated_at"] == "2016-10-26T03:00:00Z"

    r = await client.post(f"/terms/{new['id']}/inaugurate", headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "inaugurated" and r.json()["previous_term_id"] == old["id"]
    ended = (await client.get(f"/terms/{old['id']}", headers=AUTH)).json()
    assert ended["status"] == "ended" and ended["successor_term_id"] == new["id"]

    kafka = service.stack.kafka
    inaugurated = await read_topic(
        kafka, "term.inaugurated", until=lambda rec: rec.key == new["id"].encode()
    )
    payload = json.loads(inaugurated.value)
    assert payload["previous_term_id"] == old["id"]
    assert payload["positions"] == [
        {"title": "Ketua", "bidang": None, "member_id": ketua, "member_name": "Hj. Inggit Soraya"}
    ]
    ended_record = await read_topic(
        kafka, "term.ended", until=lambda rec: rec.key == old["id"].encode()
    )
    assert json.loads(ended_record.value)["successor_term_id"] == new["id"]


async def test_inaugurating_twice_changes_and_publishes_nothing_more(
    service: Service, client: httpx.AsyncClient
) -> None:
    await council(client, "17.02")  # a council of its own: no later term is inaugurated
    term = await draft(client, "17.02", date(1960, 1, 1), date(1965, 1, 1))
    url = f"/terms/{term['id']}/inaugurate"
    first = await client.post(
        url, json={"inaugurated_at": "1960-01-02T09:00:00+07:00"}, headers=AUTH_17
    )
    assert first.status_code == 200, first.text
    await eventually(lambda: service.published(term["id"]))
    revision = (await service.stored_term(term["id"]))["revision"]

    again = await client.post(url, headers=AUTH_17)
    assert again.status_code == 200 and again.json() == first.json()
    stored = await service.stored_term(term["id"])
    assert stored["revision"] == revision and not stored.get("_outbox")
    records = await records_with_key(service.stack.kafka, "term.inaugurated", term["id"])
    assert len(records) == 1


async def test_an_inauguration_cannot_be_recorded_ahead_of_time(client: httpx.AsyncClient) -> None:
    term = await draft(client, CITY, date(1950, 1, 1), date(1955, 1, 1))
    r = await client.post(
        f"/terms/{term['id']}/inaugurate",
        json={"inaugurated_at": "2999-01-01T10:00:00+07:00"},
        headers=AUTH,
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("inaugurated_at:")


async def test_an_edited_council_still_loads(client: httpx.AsyncClient) -> None:
    r = await client.patch(
        f"/councils/{CITY}", json={"bidang": ["Pemasaran", "Pelatihan", "Promosi"]}, headers=AUTH
    )
    assert r.status_code == 200
    got = await client.get(f"/councils/{CITY}", headers=AUTH)
    assert got.status_code == 200 and got.json()["bidang"][-1] == "Promosi"
