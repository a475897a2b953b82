"""Upgrading membership: a member stored by the previous version is migrated at start.

Members stored before search ignored accents have no `search_key` and no `_schema` (version
1); search could not find "Sékar" by "sekar". The start-up migration gives them the key.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient

from services.membership.app import MembershipSettings, create_app
from services.membership.migrations import MIGRATIONS
from shared.migrations import migrate
from tests.apps import running, settings_for
from tests.conftest import token
from tests.helpers import skip_history_of
from tests.stack import Stack


def _previous_version_member(tag: str) -> dict[str, Any]:
    """A member document exactly as the version before search keys wrote it."""
    now = datetime(2026, 11, 1, 3, 0, tzinfo=UTC)
    return {
        "_id": uuid.uuid4().hex,
        "council": "33.75",
        "kind": "business",
        "name": f"Batik Sékar Jagad {tag}",
        "phone": "081298765432",
        "email": None,
        "nib": None,
        "category": "batik",
        "owner_name": "Ibu Wénny",
        "digital_channels": [],
        "created_at": now,
        "updated_at": now,
        "revision": 1,
        "_outbox": [],
    }


async def test_a_member_stored_by_the_previous_version_is_found_after_the_upgrade(
    stack: Stack, deployment: str
) -> None:
    settings = settings_for(MembershipSettings, stack, deployment)
    tag = uuid.uuid4().hex[:8]
    old = _previous_version_member(tag)
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(stack.mongodb, tz_aware=True)
    db = mongo[settings.database]
    await db["members"].insert_one(dict(old))

    app = create_app(settings)
    await skip_history_of(app, stack.kafka)  # earlier runs' records are not this test's
    async with running(app) as client:
        r = await client.post("/councils", json={"code": "33.75"}, headers=token("ID", "admin"))
        assert r.status_code == 201, r.text
        for q in (f"sekar jagad {tag}", "SEKAR JAGAD " + tag, "WENNY"):
            r = await client.get("/members", params={"q": q}, headers=token("33.75"))
            assert r.status_code == 200, r.text
            assert old["_id"] in [m["id"] for m in r.json()["items"]], q
        r = await client.get(f"/members/{old['_id']}", headers=token("33.75"))
        assert r.status_code == 200 and r.json()["name"] == old["name"], r.text
        r = await client.post(
            "/members",
            json={"council": "33.75", "kind": "person", "name": f"Baru {tag}"},
            headers=token("33.75"),
        )
        assert r.status_code == 201, r.text
        new_id = r.json()["id"]

    stored = await db["members"].find_one({"_id": old["_id"]})
    assert stored is not None and stored["_schema"] == 2
    assert stored["search_key"].startswith(f"batik sekar jagad {tag}")
    assert {k: stored[k] for k in old} == old  # nothing else changed, the revision neither
    fresh = await db["members"].find_one({"_id": new_id})
    assert fresh is not None and fresh["_schema"] == 2  # written at the current version
    assert await migrate(db, MIGRATIONS) == {"councils": 0, "members": 0}  # changes nothing
    await mongo.close()


def _previous_version_council(code: str, name: str, divisions: list[str]) -> dict[str, Any]:
    """A council document as the version before `bidang` wrote it: the list was `divisions`."""
    return {
        "_id": code,
        "name": name,
        "level": "city",
        "parent": code.split(".")[0],
        "time_zone": "Asia/Jakarta",
        "divisions": divisions,
        "created_at": datetime(2026, 11, 1, 3, 0, tzinfo=UTC),
        "revision": 3,
        "_outbox": [],
    }


async def test_a_council_stored_with_divisions_keeps_them_as_bidang_after_the_upgrade(
    stack: Stack, deployment: str
) -> None:
    settings = settings_for(MembershipSettings, stack, deployment)
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(stack.mongodb, tz_aware=True)
    db = mongo[settings.database]
    old = _previous_version_council("33.75", "Kota Pekalongan", ["Bidang Pemasaran", "Diklat"])
    empty = _previous_version_council("33.74", "Kota Semarang", [])
    await db["councils"].insert_many([dict(old), dict(empty)])

    app = create_app(settings)
    await skip_history_of(app, stack.kafka)
    async with running(app) as client:
        r = await client.get("/councils/33.75", headers=token("33.75"))
        assert r.status_code == 200, r.text
        assert r.json()["bidang"] == r.json()["divisions"] == ["Bidang Pemasaran", "Diklat"]
        r = await client.patch(
            "/councils/33.74", json={"bidang": ["Promosi"]}, headers=token("33.74")
        )
        assert r.status_code == 200 and r.json()["bidang"] == ["Promosi"], r.text

    stored = await db["councils"].find_one({"_id": "33.75"})
    assert stored is not None and stored["_schema"] == 2 and "divisions" not in stored
    assert stored["bidang"] == ["Bidang Pemasaran", "Diklat"]
    kept = [k for k in old if k != "divisions"]
    assert {k: stored[k] for k in kept} == {k: old[k] for k in kept}  # the revision too
    assert await migrate(db, MIGRATIONS) == {"councils": 0, "members": 0}  # idempotent
    await mongo.close()
