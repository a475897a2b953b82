"""The raw baseline: FastAPI + PyMongo async doing a service's per-request work, nothing of ours.

    python -m bench.rawapp --port P --mongodb URL --db NAME

`GET /docs/{id}` reads one document by `_id`; `POST /docs` inserts the body as one document
plus one outbox marker (what a create of ours writes at least). No auth, no middleware, no
validation beyond JSON: the ceiling that our services are measured against in the same run.

`GET /checked/{id}` is the same read plus what every read of ours must do at least: verify the
bearer token (PyJWT, HS256, no cache) and write one access line (stdlib logging). It is context
for the read target, not the target's baseline (issue 17 names the bare read).
"""

import argparse
import logging
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import jwt
import uvicorn
from fastapi import FastAPI, HTTPException, Request
from pymongo import AsyncMongoClient

from bench import stack

access = logging.getLogger("raw.access")


def create_app(mongodb: str, db: str) -> FastAPI:
    """The baseline app on database `db`."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb, tz_aware=True)
    docs, outbox = client[db]["docs"], client[db]["outbox"]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await client.close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/docs/{doc_id}")
    async def read(doc_id: str) -> dict[str, Any]:
        found = await docs.find_one({"_id": doc_id})
        if found is None:
            raise HTTPException(404, "not found")
        return found

    @app.get("/checked/{doc_id}")
    async def checked_read(doc_id: str, request: Request) -> dict[str, Any]:
        started = time.perf_counter()
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        try:
            jwt.decode(token, stack.SECRET, algorithms=["HS256"], options={"require": ["exp"]})
        except jwt.PyJWTError as exc:
            raise HTTPException(401, "invalid token") from exc
        found = await docs.find_one({"_id": doc_id})
        status = 200 if found is not None else 404
        elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        access.info("GET /checked/{doc_id} %s %sms", status, elapsed_ms)
        if found is None:
            raise HTTPException(404, "not found")
        return found

    @app.post("/docs", status_code=201)
    async def create(request: Request) -> dict[str, Any]:
        body = await request.json()
        doc = {**body, "_id": uuid.uuid4().hex, "revision": 1, "at": datetime.now(UTC)}
        await docs.insert_one(doc)
        await outbox.insert_one({"_id": uuid.uuid4().hex, "aggregate": doc["_id"]})
        return {"id": doc["_id"]}

    return app


def start(deployment: stack.Deployment) -> str:
    """Start the baseline as service `raw` of the deployment; returns one stored document's id."""
    port = deployment.ports.setdefault("raw", stack.free_port())
    args = ["--port", str(port), "--mongodb", stack.MONGODB, "--db", deployment.database("raw")]
    (stack.VAR / "log").mkdir(parents=True, exist_ok=True)
    with (stack.VAR / "log" / f"{deployment.name}-raw.log").open("ab") as log:
        deployment.procs["raw"] = subprocess.Popen(
            [sys.executable, "-m", "bench.rawapp", *args],
            cwd=stack.ROOT,
            env={**deployment.env("raw"), "PYTHONPATH": str(stack.ROOT)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deployment.started["raw"] = 0.0
    deployment.wait_ready("raw", path="/docs/none", ok=(404,))
    r = httpx.post(f"{deployment.url('raw')}/docs", json={"name": "Ibu Bench"}, timeout=30)
    r.raise_for_status()
    return str(r.json()["id"])


def main() -> None:
    """Serve the baseline the way `shared.serve` serves a service (one uvicorn process)."""
    parser = argparse.ArgumentParser(prog="python -m bench.rawapp", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mongodb", required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    app = create_app(args.mongodb, args.db)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_config=None, access_log=False)


if __name__ == "__main__":
    main()
