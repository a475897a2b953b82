"""Calendar feed keys: a calendar app subscribes to one council's feed with a key, no bearer;
the key reads that feed and nothing else, and stops working once revoked."""

import icalendar
import pytest

from tests.conftest import token
from tests.integration.events.harness import EventsService, body

pytestmark = pytest.mark.integration
WRITER = token("33.75", "secretariat")


async def _key(events: EventsService, code: str = "33.75") -> dict[str, str]:
    r = await events.http.post(f"/councils/{code}/feed-keys", headers=token(code))
    assert r.status_code == 201, r.text
    made: dict[str, str] = r.json()
    return made


async def test_a_calendar_app_subscribes_with_a_feed_key(events: EventsService) -> None:
    rakor = body("33.75", "Rakor feed", "2021-10-18T09:00:00+07:00", "2021-10-18T12:00:00+07:00")
    assert (await events.http.post("/events", json=rakor, headers=WRITER)).status_code == 201
    made = await _key(events)
    assert made["key"].startswith("fk_") and made["council"] == "33.75"
    assert made["url"] == f"http://test/councils/33.75/calendar.ics?key={made['key']}"
    assert made["webcal_url"] == f"webcal://test/councils/33.75/calendar.ics?key={made['key']}"

    r = await events.http.get(made["url"])  # no Authorization header, as calendar apps send
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/calendar")
    titles = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(r.content).events}
    assert "Rakor feed" in titles


async def test_a_feed_key_reads_that_feed_and_nothing_else(events: EventsService) -> None:
    key = (await _key(events))["key"]
    r = await events.http.get("/councils/17/calendar.ics", params={"key": key})
    assert r.status_code == 404  # another council's feed: as if it did not exist
    r = await events.http.get("/councils/33.75.1/calendar.ics", params={"key": key})
    assert r.status_code == 404
    for path in ("/events", "/councils/33.75/feed-keys", "/councils/33.75/calendar.ics"):
        r = await events.http.get(path, headers={"Authorization": f"Bearer {key}"})
        assert r.status_code == 401, (path, r.text)
    for path in ("/events", "/councils/33.75/feed-keys"):
        # elsewhere `key` is no parameter at all: refused as unknown (422) or unauthenticated
        r = await events.http.get(path, params={"key": key})
        assert r.status_code in (401, 422), (path, r.text)
    r = await events.http.post("/councils/33.75/feed-keys", params={"key": key})
    assert r.status_code in (401, 422)


async def test_a_revoked_or_made_up_key_reads_nothing(events: EventsService) -> None:
    made = await _key(events)
    listed = (await events.http.get("/councils/33.75/feed-keys", headers=WRITER)).json()
    assert made["id"] in {k["id"] for k in listed} and "key" not in listed[0]
    r = await events.http.delete(f"/councils/33.75/feed-keys/{made['id']}", headers=WRITER)
    assert r.status_code == 204
    assert (await events.http.get(made["url"])).status_code == 401
    r = await events.http.get("/councils/33.75/calendar.ics", params={"key": "fk_made-up"})
    assert r.status_code == 401
    stored = await events.db["feed_keys"].find_one({"id": made["id"]})
    assert stored is None


async def test_keys_are_made_by_the_councils_writers_only(events: EventsService) -> None:
    r = await events.http.post("/councils/33.75/feed-keys", headers=token("33.75", "viewer"))
    assert r.status_code == 403
    r = await events.http.post("/councils/33.75/feed-keys", headers=token("17"))
    assert r.status_code == 404
    made = await _key(events)
    r = await events.http.delete(f"/councils/33.75/feed-keys/{made['id']}", headers=token("17"))
    assert r.status_code == 404
    stored = await events.db["feed_keys"].find_one({"id": made["id"]})
    assert stored is not None and made["key"] not in str(stored)  # kept hashed only
