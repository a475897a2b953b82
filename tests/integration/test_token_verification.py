"""Every service verifies tokens of an external OpenID Connect issuer through its JWKS URL
(served here over HTTP), and refuses tokens that are forged, expired, unsigned or misdirected."""

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from shared.auth import Unauthenticated
from shared.keysets import JwksKeys, KeysUnavailable
from shared.tokens import TokenVerifier, Trust

pytestmark = pytest.mark.integration
ISSUER, AUDIENCE = "https://login.example.id/realms/dekranasda", "dekranasda-api"


class Issuer:
    """An OIDC issuer: RSA keys, its JWKS served on a local port, and tokens it signs."""

    def __init__(self) -> None:
        self.keys: dict[str, Any] = {}
        self.fetches = 0
        self.add_key("k1")

    def add_key(self, kid: str) -> None:
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwks(self) -> dict[str, Any]:
        keys = []
        for kid, key in self.keys.items():
            jwk = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
            keys.append({**jwk, "kid": kid, "use": "sig", "alg": "RS256"})
        return {"keys": keys}

    def token(self, kid: str = "k1", **claims: Any) -> str:
        now = datetime.now(UTC)
        body = {
            "sub": "user-1",
            "region": "33.75",
            "roles": ["secretariat"],
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + timedelta(minutes=5),
            **claims,
        }
        return jwt.encode(body, self.keys[kid], "RS256", headers={"kid": kid})


@pytest.fixture
def issuer() -> Iterator[tuple[Issuer, str]]:
    state = Issuer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.fetches += 1
            body = json.dumps(state.jwks()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/protocol/openid-connect/certs"
    finally:
        server.shutdown()


def _verifier(url: str, **kwargs: Any) -> TokenVerifier:
    keys = JwksKeys(url, min_refetch_s=kwargs.pop("min_refetch_s", 0))
    return TokenVerifier(secret=None, trusts=[Trust(keys, ISSUER, AUDIENCE)])


async def test_a_token_of_the_external_issuer_is_verified_against_its_jwks(
    issuer: tuple[Issuer, str],
) -> None:
    state, url = issuer
    caller = await _verifier(url).verify(state.token())
    assert (caller.sub, caller.region, caller.roles) == ("user-1", "33.75", {"secretariat"})


async def test_a_key_rotated_in_at_the_issuer_is_fetched_on_first_sight(
    issuer: tuple[Issuer, str],
) -> None:
    state, url = issuer
    verifier = _verifier(url)
    await verifier.verify(state.token("k1"))
    state.add_key("k2")
    await verifier.verify(state.token("k1"))
    assert state.fetches == 1  # cached
    assert (await verifier.verify(state.token("k2"))).sub == "user-1"
    assert state.fetches == 2


async def test_unknown_kids_do_not_hammer_the_issuer(issuer: tuple[Issuer, str]) -> None:
    state, url = issuer
    verifier = _verifier(url, min_refetch_s=60)
    await verifier.verify(state.token())
    state.add_key("k9")
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            await verifier.verify(state.token("k9"))
    assert state.fetches == 1


@pytest.mark.parametrize(
    ("claims", "words"),
    [
        ({"iss": "https://evil.example"}, "issuer"),
        ({"aud": "another-api"}, "audience"),
        ({"exp": datetime.now(UTC) - timedelta(seconds=1)}, "expired"),
        ({"region": "99.99"}, "region"),
    ],
)
async def test_tokens_for_someone_else_or_out_of_date_are_refused(
    issuer: tuple[Issuer, str], claims: dict[str, Any], words: str
) -> None:
    state, url = issuer
    with pytest.raises(Unauthenticated, match=rf"(?i){words}"):
        await _verifier(url).verify(state.token(**claims))


async def test_forged_unsigned_and_local_tokens_are_refused(issuer: tuple[Issuer, str]) -> None:
    _, url = issuer
    verifier = _verifier(url)
    other = Issuer()  # same kid, another key
    with pytest.raises(Unauthenticated, match=r"(?i)signature"):
        await verifier.verify(other.token())
    unsigned = jwt.encode({"sub": "x"}, None, algorithm="none", headers={"kid": "k1"})
    with pytest.raises(Unauthenticated, match="not accepted"):
        await verifier.verify(unsigned)
    local = jwt.encode({"sub": "x", "region": "ID", "roles": ["admin"]}, "s" * 40, "HS256")
    with pytest.raises(Unauthenticated, match="not accepted"):  # no JWT_SECRET: no HS256
        await verifier.verify(local)


async def test_an_unreachable_key_set_answers_503_not_401() -> None:
    verifier = _verifier("http://127.0.0.1:9/certs")
    with pytest.raises(KeysUnavailable):
        await verifier.verify(Issuer().token())
