"""The devstack's FerretDB looks documents up by `_id` through an index, as MongoDB does.

FerretDB v1 queries `_ferretdb_sjson->'$._id'` but indexes another expression, so without the
devstack's own index every look-up, update and delete by `_id` scanned the whole table
(`devstack/ferretdb/idindex.go`). The plan SQLite chooses for FerretDB's query shows it.
"""

import sqlite3
import time
from pathlib import Path

from pymongo import AsyncMongoClient

from tests.private_ferretdb import private_ferretdb

QUERY = "SELECT _ferretdb_sjson FROM \"{table}\" WHERE _ferretdb_sjson->'$._id' = ?"


def _plan(file: Path, collection: str) -> str:
    with sqlite3.connect(f"file:{file}?mode=ro", uri=True) as db:
        (table,) = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ?",
            (f"{collection}_*",),
        ).fetchone()
        rows = db.execute("EXPLAIN QUERY PLAN " + QUERY.format(table=table), ('"x"',))
        return " ".join(str(row[-1]) for row in rows)


def _plan_when_indexed(file: Path, collection: str, within_s: float = 15) -> str:
    deadline = time.monotonic() + within_s
    while "USING INDEX" not in (plan := _plan(file, collection)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return plan


async def test_a_new_collection_is_looked_up_by_id_through_an_index(tmp_path: Path) -> None:
    with private_ferretdb(tmp_path / "ferretdb") as ferret:
        client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(ferret.url)
        try:
            members = client["registry"]["members"]
            await members.insert_many([{"_id": f"m{i}", "name": f"UMKM {i}"} for i in range(300)])
            plan = _plan_when_indexed(tmp_path / "ferretdb" / "registry.sqlite", "members")
            assert "USING INDEX members_" in plan and "dekranasda_id_path" in plan, plan
            await members.update_one({"_id": "m299"}, {"$set": {"name": "Batik Pesisir"}})
            found = await members.find_one({"_id": "m299"})
            assert found == {"_id": "m299", "name": "Batik Pesisir"}
            await members.delete_one({"_id": "m0"})
            assert await members.count_documents({}) == 299
        finally:
            await client.close()
