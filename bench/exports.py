"""Peak memory of a member export: N members in a database of their own, exported as CSV and XLSX.

    python -m bench.exports [--members 100000] [--mongodb-url URL]

Seeds N members of Jawa Tengah (33.xx) with contact data in batches, then runs the export path
the API streams (`paged` by `_id`, `member_rows`, `stream_rows`) in a fresh child process per
format, discarding the bytes, and reports the child's peak RSS (ru_maxrss) before and after the
export, the bytes written and the time. The database is dropped at the end. Not a test: run it
by hand or from `make bench`; point `--mongodb-url` at a private devstack on a shared machine.
"""

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient

BATCH = 5_000
CITIES = ("33.01", "33.26", "33.74", "33.75", "33.76")


def _member(i: int, now: datetime) -> dict[str, Any]:
    business = i % 3 == 0
    return {
        "_id": uuid.uuid4().hex,
        "council": CITIES[i % len(CITIES)],
        "kind": "business" if business else "person",
        "name": f"Perajin Batik Pesisir {i:06d}",
        "phone": f"+62 812 {i:04d} {i % 9999:04d}",
        "email": f"perajin{i}@contoh.id",
        "nib": f"{9120000000000 + i}" if business else None,
        "category": "batik" if business else None,
        "scale": "mikro" if business else None,
        "owner_name": f"Ibu Sékar {i}" if business else None,
        "digital_channels": ["shopee", "instagram"] if business else [],
        "capital": 50_000_000 if business else None,
        "yearly_sales": 240_000_000 if business else None,
        "created_at": now,
        "updated_at": now,
        "revision": 1,
    }


async def _seed(url: str, db: str, count: int) -> float:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url, tz_aware=True)
    started, now = time.monotonic(), datetime.now(UTC)
    try:
        for first in range(0, count, BATCH):
            docs = [_member(i, now) for i in range(first, min(first + BATCH, count))]
            await client[db]["members"].insert_many(docs, ordered=False)
    finally:
        await client.close()
    return time.monotonic() - started


async def _export(url: str, db: str, format: str) -> dict[str, Any]:
    from services.membership.exports import COLUMNS, CONTACTS, member_filter, member_rows
    from shared.exports import stream_rows

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url, tz_aware=True)
    started, written, rows = time.monotonic(), 0, 0
    try:
        match = member_filter("33")
        source = member_rows(client[db]["members"], match, contacts=True)

        async def counted() -> Any:
            nonlocal rows
            async for row in source:
                rows += 1
                yield row

        body = stream_rows(format, title="Anggota", header=COLUMNS + CONTACTS, rows=counted())
        async for chunk in body:
            written += len(chunk)
    finally:
        await client.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "format": format,
        "rows": rows,
        "bytes": written,
        "seconds": round(time.monotonic() - started, 1),
        "rss_before_mib": round(before / 1024, 1),
        "rss_peak_mib": round(peak / 1024, 1),
    }


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.exports", description=__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--mongodb-url", default="mongodb://127.0.0.1:27017/")
    parser.add_argument("--child", nargs=2, metavar=("DB", "FORMAT"), help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    """Seed, export in a child per format, report, drop."""
    args = _args()
    if args.child:
        print(json.dumps(asyncio.run(_export(args.mongodb_url, *args.child))))
        return
    db = f"bench_exports_{uuid.uuid4().hex[:8]}"
    try:
        seconds = asyncio.run(_seed(args.mongodb_url, db, args.members))
        print(f"seeded {args.members} members in {seconds:.1f} s", flush=True)
        for format in ("csv", "xlsx"):
            child = [sys.executable, "-m", "bench.exports", "--mongodb-url", args.mongodb_url]
            out = subprocess.run([*child, "--child", db, format], capture_output=True, check=True)
            print(out.stdout.decode().strip(), flush=True)
    finally:
        asyncio.run(_drop(args.mongodb_url, db))


async def _drop(url: str, db: str) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url)
    await client.drop_database(db)
    await client.close()


if __name__ == "__main__":
    main()
