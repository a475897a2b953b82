"""A stalled database (FerretDB paused with SIGSTOP) answers 503 within the request deadline.

The service runs against a private FerretDB of this test (the shared one is never paused) and
the shared Kafka; once the database answers again, so do the requests.
"""

import time
from pathlib import Path

from services.membership.app import MembershipSettings, create_app
from shared.edge import GRACE_S
from tests.apps import running, settings_for
from tests.conftest import token
from tests.helpers import eventually
from tests.integration.membership.support import council
from tests.private_ferretdb import private_ferretdb
from tests.stack import Stack

DEADLINE_S = 2.0
CITY = "33.75"


async def test_a_stalled_database_answers_503_then_requests_succeed_again(
    stack: Stack, deployment: str, tmp_path: Path
) -> None:
    with private_ferretdb(tmp_path / "ferretdb") as ferretdb:
        own = Stack(stack.kafka, ferretdb.url, "private-ferretdb")
        settings = settings_for(
            MembershipSettings, own, deployment, http_request_timeout_s=DEADLINE_S
        )
        async with running(create_app(settings)) as http:
            await council(http, CITY)
            body = {"council": CITY, "kind": "person", "name": "Sri Lestari"}
            assert (await http.post("/members", json=body, headers=token(CITY))).status_code == 201

            ferretdb.pause()
            try:
                for method, path, payload in (
                    ("GET", "/members", None),
                    ("POST", "/members", body),
                ):
                    started = time.monotonic()
                    r = await http.request(method, path, json=payload, headers=token(CITY))
                    took = time.monotonic() - started
                    assert r.status_code == 503, r.text
                    assert r.headers["content-type"] == "application/problem+json"
                    assert int(r.headers["retry-after"]) > 0
                    assert "try again" in r.json()["detail"]
                    assert took < DEADLINE_S + GRACE_S + 1, took
            finally:
                ferretdb.resume()

            async def answers() -> bool:
                r = await http.post("/members", json=body, headers=token(CITY))
                return r.status_code == 201

            await eventually(answers, timeout=30, interval=0.5)
            listed = await http.get("/members", headers=token(CITY))
            assert listed.status_code == 200 and listed.json()["total"] >= 2
