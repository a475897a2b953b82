"""Programs' read models moved to `member_views`/`term_views` (events' names) at start-up."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from pymongo.asynchronous.database import AsyncDatabase

from services.programs.app import ProgramsSettings, create_app
from shared.migrations import move_collection
from shared.persistence import create_client
from tests.apps import running, settings_for
from tests.conftest import token
from tests.stack import Stack

CITY = "33.75"
MEMBER = {"_id": "m-lama", "council": CITY, "kind": "business", "name": "Batik Lama", "revision": 2}
TERM = {
    "_id": "term-lama",
    "council": CITY,
    "status": "inaugurated",
    "period_start": "2021-10-26",
    "period_end": "2026-10-25",
    "revision": 2,
}


@pytest_asyncio.fixture(loop_scope="session")
async def scratch(stack: Stack) -> AsyncIterator[AsyncDatabase[Any]]:
    """A database of its own, dropped afterwards."""
    client = create_client(stack.mongodb)
    name = f"t{uuid.uuid4().hex[:10]}_move"
    try:
        yield client[name]
    finally:
        await client.drop_database(name)
        await client.close()


async def test_a_collection_is_renamed_when_the_new_name_is_free(
    scratch: AsyncDatabase[Any],
) -> None:
    await scratch["members"].insert_many([MEMBER, {**MEMBER, "_id": "m-2"}])
    await scratch["members"].create_index("council")
    assert await move_collection(scratch, "members", "member_views") == 2
    assert await move_collection(scratch, "members", "member_views") == 0  # nothing left
    assert "members" not in await scratch.list_collection_names()
    assert await scratch["member_views"].find_one({"_id": "m-lama"}) == MEMBER
    assert "council_1" in [i["name"] async for i in await scratch["member_views"].list_indexes()]


async def test_documents_the_new_collection_lacks_are_copied_and_its_own_kept(
    scratch: AsyncDatabase[Any],
) -> None:
    newer = {**MEMBER, "name": "Batik Baru", "revision": 3}
    await scratch["member_views"].insert_one(newer)
    await scratch["members"].insert_many([MEMBER, *({"_id": f"m-{i}"} for i in range(1200))])
    assert await move_collection(scratch, "members", "member_views") == 1201
    assert "members" not in await scratch.list_collection_names()
    assert await scratch["member_views"].count_documents({}) == 1201
    assert await scratch["member_views"].find_one({"_id": "m-lama"}) == newer


@pytest.mark.timeout(300)
async def test_the_programs_app_moves_its_read_models_at_start_and_reads_them(
    stack: Stack,
) -> None:
    settings = settings_for(ProgramsSettings, stack, f"t{uuid.uuid4().hex[:10]}")
    app = create_app(settings)
    db = app.state.runtime.db
    await db["members"].insert_one(MEMBER)
    await db["terms"].insert_one(TERM)
    try:
        async with running(app) as http:
            names = await db.list_collection_names()
            assert "members" not in names and "terms" not in names
            assert await db["term_views"].find_one({"_id": "term-lama"}) == TERM
            r = await http.get("/members/m-lama/evaluations", headers=token(CITY))
            assert r.status_code == 200, r.text
            assert r.json()["member_name"] == "Batik Lama"
            body = {
                "council": CITY,
                "term_id": "term-lama",
                "title": "Pelatihan",
                "category": "training",
                "planned_start": "2027-01-05",
            }
            r = await http.post("/programs", json=body, headers=token(CITY))
            assert r.status_code == 422, r.text  # the moved term's period is known
            assert "planned_start" in r.json()["detail"]
    finally:
        client = create_client(stack.mongodb)  # the app closed its own
        await client.drop_database(db.name)
        await client.close()
