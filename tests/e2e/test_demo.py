"""`dekranasda demo` against the real platform, then the seed stories checked through the APIs."""

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from icalendar import Calendar
from rich.console import Console

from ops.demo import load
from ops.demo_api import Api
from tests.conftest import SECRET, token
from tests.platform import Platform, platform
from tests.stack import Stack


@pytest.fixture(scope="module")
def running(stack: Stack) -> Iterator[Platform]:
    name = f"demo{uuid.uuid4().hex[:8]}"
    # a new deployment, as on a fresh broker: the shared test broker keeps other runs' terms of
    # the same councils, which the agenda would (rightly) weigh against the demo's boards
    with platform(stack, name, fresh=True) as deployment:
        yield deployment


def _get(p: Platform, service: str, path: str, region: str, **params: Any) -> Any:
    r = httpx.get(
        f"{p.urls[service]}{path}", params=params, headers=token(region, "viewer"), timeout=15
    )
    assert r.status_code == 200, r.text
    return r.json() if "json" in r.headers["content-type"] else r.content


def _snapshot(p: Platform) -> dict[str, Any]:
    """What a user sees of both stories, to compare before and after a second run."""
    return {
        "councils": _get(p, "membership", "/councils", "ID", size=200)["total"],
        "members": [
            (m["id"], m["revision"])
            for m in _get(p, "membership", "/members", "ID", size=200)["items"]
        ],
        "terms": [
            (t["id"], t["status"]) for t in _get(p, "membership", "/terms", "ID", size=200)["items"]
        ],
        "programs": [
            (x["id"], x["status"], [k["actual"] for k in x["kpis"]])
            for x in _get(p, "programs", "/programs", "ID", size=200)["items"]
        ],
        "events": [
            (e["id"], e["status"], e["sequence"])
            for e in _get(p, "events", "/events", "ID", size=200)["items"]
        ],
    }


async def _run_demo(p: Platform) -> None:
    await load(base="", console=Console(quiet=True), api=Api(dict(p.urls), SECRET))


@pytest.fixture(scope="module")
async def loaded(running: Platform) -> dict[str, Any]:
    await _run_demo(running)
    return _snapshot(running)


async def test_bengkulu_has_eleven_councils_with_inaugurated_boards(
    running: Platform, loaded: dict[str, Any]
) -> None:
    councils = _get(running, "membership", "/councils", "17", size=200)["items"]
    assert len(councils) == 11 and {c["code"] for c in councils} >= {"17", "17.71"}
    terms = _get(running, "membership", "/terms", "17", size=200)["items"]
    assert len(terms) == 11
    assert {t["status"] for t in terms} == {"inaugurated"}
    assert {t["period_start"] for t in terms} == {"2021-03-23"}
    programs = _get(running, "programs", "/programs", "17", council="17")["items"]
    assert len(programs) == 3 and {p["status"] for p in programs} == {"in_progress"}
    rakerda = _get(running, "events", "/events", "17", council="17", type="rakerda")["items"]
    assert rakerda[0]["venue"] == "Auditorium Hotel Grage Bengkulu"
    assert rakerda[0]["local_starts_at"].startswith("2021-03-23T09:00:00+07:00")


async def test_pekalongan_board_training_and_calendar(
    running: Platform, loaded: dict[str, Any]
) -> None:
    terms = _get(running, "membership", "/terms", "33.75", council="33.75")["items"]
    assert [(t["status"], t["period_start"], t["period_end"]) for t in terms] == [
        ("inaugurated", "2021-10-26", "2026-10-26")
    ]
    training = _get(
        running, "programs", "/programs", "33.75", council="33.75", category="training"
    )["items"][0]
    participants = next(k for k in training["kpis"] if k["key"] == "participants")
    assert participants["actual"] == 3  # the three businesses checked in at the training
    plan = _get(running, "programs", f"/workplans/{terms[0]['id']}", "33.75")
    assert 0 < plan["apbd_share"] < 1  # funded from APBD and beyond
    ics = Calendar.from_ical(_get(running, "events", "/councils/33.75/calendar.ics", "33.75"))
    summaries = {str(c["SUMMARY"]) for c in ics.walk("VEVENT")}
    assert any("Rapat koordinasi" in s for s in summaries)
    assert any("Pengukuhan" in s for s in summaries) and any("Pelatihan" in s for s in summaries)
    history = _get(
        running, "programs", f"/members/{participants_member(running)}/evaluations", "33.75"
    )
    assert history["evaluations"][0]["score"] == 4


def participants_member(p: Platform) -> str:
    members = _get(p, "membership", "/members", "33.75", council="33.75", q="Batik Tulis")
    return str(members["items"][0]["id"])


async def test_a_second_run_changes_nothing(running: Platform, loaded: dict[str, Any]) -> None:
    await _run_demo(running)
    assert _snapshot(running) == loaded


def _patch(p: Platform, member_id: str, region: str, name: str) -> None:
    r = httpx.patch(
        f"{p.urls['membership']}/members/{member_id}",
        json={"name": name},
        headers=token(region),
        timeout=15,
    )
    assert r.status_code == 200, r.text


def _one(p: Platform, region: str, q: str) -> dict[str, Any]:
    (member,) = _get(p, "membership", "/members", region, council=region, q=q)["items"]
    return dict(member)


async def test_a_run_after_members_were_renamed_finds_them_and_duplicates_nothing(
    running: Platform, loaded: dict[str, Any]
) -> None:
    ketua = _one(running, "17", "Derta Wahyulin Rohidin")
    batik = _one(running, "33.75", "9120000000001")
    tenun = _one(running, "33.75", "9120000000002")
    sekretaris = _one(running, "33.75", "Sekretaris Dekranasda Kota Pekalongan")
    _patch(running, ketua["id"], "17", "Hj. Derta Wahyulin")
    _patch(running, batik["id"], "33.75", "Batik Jetayu Lestari")
    _patch(running, tenun["id"], "33.75", "Tenun Medono Jaya")
    # a person now bears the name the demo gave a business: a name finds the wrong member
    _patch(running, sekretaris["id"], "33.75", tenun["name"])
    edited = _snapshot(running)

    await _run_demo(running)

    assert _snapshot(running) == edited  # nothing duplicated, nothing renamed back
    names = {
        m["id"]: m["name"] for m in _get(running, "membership", "/members", "ID", size=200)["items"]
    }
    assert (
        names[batik["id"]] == "Batik Jetayu Lestari" and names[ketua["id"]] == "Hj. Derta Wahyulin"
    )


def test_the_demo_accounts_sign_in_to_their_councils(
    running: Platform, loaded: dict[str, Any]
) -> None:
    from ops.demo_accounts import ACCOUNTS, PASSWORD

    for email, _, council, role in ACCOUNTS:
        body = {"email": email, "password": PASSWORD}
        r = httpx.post(f"{running.urls['membership']}/auth/token", json=body, timeout=15)
        assert r.status_code == 200, r.text
        assert (r.json()["council"], r.json()["role"]) == (council, role)
