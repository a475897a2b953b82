"""W0: what single MongoDB operations cost on this FerretDB (v1, SQLite) as a collection grows.

Not a workload of its own: it names what limits W1, W2 and W4 (the services' queries).
"""

import statistics
import time
from typing import Any

from pymongo import MongoClient, UpdateOne

from bench.stack import MONGODB

SIZES = (1_000, 20_000)


def _ms(fn: Any, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1e3)
    return statistics.median(times)


def probe() -> dict[int, dict[str, float]]:
    """Median milliseconds per operation at each collection size (documents of ~1 KB)."""
    client: MongoClient[dict[str, Any]] = MongoClient(MONGODB)
    db = client["bench_storage_probe"]
    coll = db["docs"]
    coll.drop()
    out: dict[int, dict[str, float]] = {}
    filler = "x" * 900
    try:
        have, fresh = 0, 0
        for size in SIZES:
            coll.insert_many([{"_id": f"d{i}", "v": filler} for i in range(have, size)])
            have = size
            ids = [f"d{i}" for i in range(0, size, max(size // 500, 1))][:500]

            def new_ids(k: int) -> list[str]:
                nonlocal fresh
                fresh += k
                return [f"n{fresh - j}" for j in range(k)]

            out[size] = {
                "find_one by _id": _ms(lambda: coll.find_one({"_id": "d7"})),
                "find _id $in (500 ids)": _ms(
                    lambda ids=ids: list(coll.find({"_id": {"$in": ids}}))
                ),
                "insert_many (500 new)": _ms(
                    lambda: coll.insert_many([{"_id": i, "v": filler} for i in new_ids(500)])
                ),
                "update_one by _id (exists)": _ms(
                    lambda: coll.update_one({"_id": "d7"}, {"$set": {"w": 1}})
                ),
                "upsert by _id (new, $setOnInsert)": _ms(
                    lambda: coll.update_one(
                        {"_id": new_ids(1)[0]}, {"$setOnInsert": {"v": 1}}, upsert=True
                    )
                ),
                "bulk_write 50 upserts (new)": _ms(
                    lambda: coll.bulk_write(
                        [
                            UpdateOne({"_id": i}, {"$setOnInsert": {"v": 1}}, upsert=True)
                            for i in new_ids(50)
                        ]
                    ),
                    repeat=3,
                ),
                "count_documents({})": _ms(lambda: coll.count_documents({})),
                "find_one {_outbox.0: $exists}": _ms(
                    lambda: coll.find_one({"_outbox.0": {"$exists": True}})
                ),
            }
    finally:
        client.drop_database("bench_storage_probe")
        client.close()
    return out
