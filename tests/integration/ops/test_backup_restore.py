"""`dekranasda backup` and `restore`: a service's database copied into a new deployment.

The restored aggregates hash as the original's; `replay` then catches the read models up with
what was published after the backup.
"""

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from pymongo import MongoClient

from ops.backup import state_hash
from tests.conftest import SECRET, token
from tests.integration.events.harness import body, unique
from tests.platform import Platform, _skip_history, platform
from tests.stack import ROOT, Stack


def _cli(stack: Stack, deployment: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": stack.kafka,
        "MONGODB_URL": stack.mongodb,
        "DEPLOYMENT_NAME": deployment,
        "DEPLOYMENT_REGION": "ID",
        "JWT_SECRET": SECRET,
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "ops.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _register(p: Platform, name: str) -> str:
    with p.client("membership") as c:
        r = c.post(
            "/members",
            headers=token("33.75"),
            json={"council": "33.75", "kind": "person", "name": name, "phone": "081298765432"},
        )
        assert r.status_code == 201, r.text
        member_id: str = r.json()["id"]
        return member_id


def _wait_for_view(mongo: MongoClient[Any], database: str, member_id: str) -> None:
    deadline = time.monotonic() + 90
    while not mongo[database]["member_views"].find_one({"_id": member_id}):
        assert time.monotonic() < deadline, f"{member_id} never reached {database}"
        time.sleep(0.3)


def _hash(stack: Stack, deployment: str) -> str:
    from pymongo import AsyncMongoClient

    async def run() -> str:
        client: AsyncMongoClient[Any] = AsyncMongoClient(stack.mongodb, tz_aware=True)
        try:
            return await state_hash(client[f"dekranasda_{deployment}_events"], ["events"])
        finally:
            await client.close()

    return asyncio.run(run())


def test_a_backup_restored_into_a_new_deployment_is_the_same_and_replay_catches_up(
    stack: Stack, tmp_path: Path
) -> None:
    original, copy = f"t{uuid.uuid4().hex[:10]}", f"t{uuid.uuid4().hex[:10]}"
    folder = tmp_path / "events-backup"
    mongo: MongoClient[Any] = MongoClient(stack.mongodb)
    asyncio.run(_skip_history(stack, original, "ID", ("events",)))
    with platform(stack, original, "ID", services=("membership", "events")) as p:
        with p.client("membership") as c:
            r = c.post("/councils", json={"code": "33.75"}, headers=token("ID", "admin"))
            assert r.status_code in (201, 409), r.text
        before = _register(p, "Siti Sebelum")
        with p.client("events") as c:
            new = body(
                "33.75", unique("Pameran"), "2026-03-02T09:00:00+07:00", "2026-03-02T12:00:00+07:00"
            )
            r = c.post("/events", json=new, headers=token("33.75"))
            assert r.status_code == 201, r.text
        _wait_for_view(mongo, f"dekranasda_{original}_events", before)

        done = _cli(stack, original, "backup", "events", "--out", str(folder))
        assert done.returncode == 0, done.stdout + done.stderr
        after = _register(p, "Budi Sesudah")  # published after the backup
        _wait_for_view(mongo, f"dekranasda_{original}_events", after)
        original_hash = _hash(stack, original)

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format"] == "bson" and manifest["aggregates"] == ["events"]
    assert manifest["collections"]["events"] == 1 and manifest["state_hash"] == original_hash
    assert (folder / "events.bson").stat().st_size > 0

    done = _cli(stack, copy, "restore", "events", "--from", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"state hash {original_hash}" in done.stdout
    views = mongo[f"dekranasda_{copy}_events"]["member_views"]
    assert views.find_one({"_id": before}) and not views.find_one({"_id": after})

    again = _cli(stack, copy, "restore", "events", "--from", str(folder))
    assert again.returncode == 1 and "is not empty" in again.stdout

    done = _cli(stack, copy, "replay", "events")
    assert done.returncode == 0, done.stdout + done.stderr
    assert views.find_one({"_id": before}) and views.find_one({"_id": after})
    assert _hash(stack, copy) == original_hash
    mongo.close()
