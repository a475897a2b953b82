"""The membership scope tests, unchanged, with tokens signed by the platform's own key.

Every token the scope tests make is here an EdDSA token with membership's `kid`, issuer and
audience (as sign-in issues them), verified through the key set rather than the HS256 secret.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import jwt
import pytest
import pytest_asyncio

from services.membership.accounts.keys import Keyring
from shared.tokens import PLATFORM_AUDIENCE
from tests.integration.membership import test_access as scope_tests
from tests.integration.membership.support import Service

pytestmark = pytest.mark.integration

# the very fixtures and tests of tests/integration/membership/test_access.py
service = scope_tests.service
bengkulu_term = scope_tests.bengkulu_term
client = scope_tests.client
globals().update({k: v for k, v in vars(scope_tests).items() if k.startswith("test_")})


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def platform_key(service: Service) -> tuple[str, object, str]:
    keyring = Keyring(service.runtime.db["signing_keys"], retire_after=timedelta(minutes=1))
    kid, key = await keyring.signing(datetime.now(UTC))
    return kid, key, service.runtime.settings.token_issuer


@pytest.fixture(autouse=True)
def platform_tokens(
    platform_key: tuple[str, object, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    kid, key, issuer = platform_key

    def token(region: str, role: str = "secretariat", *, sub: str = "tester") -> dict[str, str]:
        now = datetime.now(UTC)
        claims = {
            "sub": sub,
            "region": region,
            "roles": [role],
            "iss": issuer,
            "aud": PLATFORM_AUDIENCE,
            "iat": now,
            "exp": now + timedelta(minutes=10),
        }
        signed = jwt.encode(claims, key, "EdDSA", headers={"kid": kid})  # type: ignore[arg-type]
        return {"Authorization": f"Bearer {signed}"}

    monkeypatch.setattr(scope_tests, "token", token)
    yield


def test_the_scope_tests_really_use_platform_tokens() -> None:
    header = jwt.get_unverified_header(scope_tests.token("17")["Authorization"].split()[1])
    assert header["alg"] == "EdDSA" and header["kid"]
