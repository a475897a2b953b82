"""The events scope tests, unchanged, with EdDSA tokens the events service verifies against a
platform key set it fetches over HTTP (served here, as membership serves it)."""

import json
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
import pytest_asyncio
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from services.events.app import EventsSettings, create_app
from shared.tokens import PLATFORM_AUDIENCE
from tests.apps import running, settings_for
from tests.helpers import skip_history_of
from tests.integration.events import test_access as scope_tests
from tests.integration.events.harness import EventsService, Feed
from tests.stack import Stack

pytestmark = pytest.mark.integration
ISSUER, KID = "urn:dekranasda:scope-parity", "platform-test-key"
KEY = Ed25519PrivateKey.generate()
globals().update({k: v for k, v in vars(scope_tests).items() if k.startswith("test_")})


@pytest.fixture(scope="module")
def key_set_url() -> Iterator[str]:
    jwk = {**OKPAlgorithm.to_jwk(KEY.public_key(), as_dict=True), "kid": KID, "use": "sig"}
    body = json.dumps({"keys": [{**jwk, "alg": "EdDSA"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def events(stack: Stack, key_set_url: str) -> AsyncIterator[EventsService]:
    """As tests/integration/events/conftest.py's, trusting the served platform key set."""
    settings = settings_for(
        EventsSettings,
        stack,
        f"t{uuid.uuid4().hex[:10]}",
        platform_jwks_url=key_set_url,
        platform_issuer=ISSUER,
    )
    app = create_app(settings)
    await skip_history_of(app, stack.kafka)
    async with running(app) as client:
        db = app.state.runtime.db
        feed = Feed(stack.kafka, db, groups=settings.group_prefix)
        await feed.producer.start()
        try:
            yield EventsService(http=client, db=db, feed=feed, kafka=stack.kafka)
        finally:
            await feed.producer.stop()


def token(region: str, role: str = "secretariat", *, sub: str = "tester") -> dict[str, str]:
    """A token as membership's sign-in makes it."""
    now = datetime.now(UTC)
    claims = {
        "sub": sub,
        "region": region,
        "roles": [role],
        "iss": ISSUER,
        "aud": PLATFORM_AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=10),
    }
    return {"Authorization": f"Bearer {jwt.encode(claims, KEY, 'EdDSA', headers={'kid': KID})}"}


@pytest.fixture(autouse=True)
def platform_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scope_tests, "token", token)


async def test_a_token_of_another_issuer_is_refused_here(events: EventsService) -> None:
    assert (await events.http.get("/events", headers=token("17"))).status_code == 200
    forged = jwt.encode(
        {
            "sub": "x",
            "region": "ID",
            "roles": ["admin"],
            "iss": ISSUER,
            "aud": PLATFORM_AUDIENCE,
            "exp": datetime.now(UTC) + timedelta(minutes=5),
        },
        Ed25519PrivateKey.generate(),
        "EdDSA",
        headers={"kid": KID},
    )
    r = await events.http.get("/events", headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401


def test_the_scope_tests_really_use_platform_tokens() -> None:
    header = jwt.get_unverified_header(scope_tests.token("17")["Authorization"].split()[1])
    assert (header["alg"], header["kid"]) == ("EdDSA", KID)
