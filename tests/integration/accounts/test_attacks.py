"""Bad input and attacks on sign-in and tokens, one test each."""

import base64
import hashlib
import hmac
import json
import logging
import statistics
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
import pytest_asyncio
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.membership.accounts.keys import Keyring
from shared.persistence import OUTBOX
from shared.tokens import PLATFORM_AUDIENCE
from tests.integration.accounts.support import (
    OPERATOR,
    PASSWORD,
    accounts_service,
    bearer,
    create_account,
    email,
    sign_in,
)
from tests.integration.membership.support import Service
from tests.stack import Stack

pytestmark = pytest.mark.integration
REFUSED = "the e-mail address or the password is wrong, or the account is disabled"


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def service(stack: Stack) -> AsyncIterator[Service]:
    async with accounts_service(stack, sign_in_delay_s=0.0) as running:
        yield running


async def _timed(service: Service, address: str, password: str) -> tuple[float, Any]:
    started = time.perf_counter()
    r = await sign_in(service.client, address, password)
    return time.perf_counter() - started, r


async def test_wrong_password_unknown_address_and_disabled_get_the_same_answer(
    service: Service,
) -> None:
    known = await create_account(service.client, "17", "viewer")
    disabled = await create_account(service.client, "17", "viewer")
    await service.client.post(f"/accounts/{disabled['id']}/disable", headers=OPERATOR)
    answers = [
        (await sign_in(service.client, known["email"], "wrong password!")),
        (await sign_in(service.client, email("nobody"), PASSWORD)),
        (await sign_in(service.client, disabled["email"], PASSWORD)),
    ]
    for r in answers:
        assert r.status_code == 401, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["detail"] == REFUSED


async def test_an_unknown_address_takes_as_long_as_a_wrong_password(service: Service) -> None:
    known = await create_account(service.client, "17", "viewer")
    wrong = [(await _timed(service, known["email"], f"wrong password {i}"))[0] for i in range(3)]
    unknown = [(await _timed(service, email("nobody"), PASSWORD))[0] for _ in range(3)]
    # an unknown address is hashed against a dummy: no shortcut shows it does not exist
    assert statistics.median(unknown) > 0.5 * statistics.median(wrong), (wrong, unknown)


async def test_brute_force_slows_down_then_locks_the_address(stack: Stack) -> None:
    async with accounts_service(stack, sign_in_delay_s=0.4, sign_in_max_failures=4) as svc:
        account = await create_account(svc.client, "17", "viewer")
        first, r = await _timed(svc, account["email"], "guess number 1")
        assert r.status_code == 401
        await _timed(svc, account["email"], "guess number 2")
        third, r = await _timed(svc, account["email"], "guess number 3")
        assert r.status_code == 401
        # 0.4 s, 0.8 s, then 1.6 s before answering: lower bounds only, since a loaded machine
        # can slow any answer but no answer can come before its delay
        assert first >= 0.4 and third >= 1.6, (first, third)

        r = await sign_in(svc.client, account["email"], "guess number 4")
        assert r.status_code == 429, r.text
        assert r.json()["title"] == "Too Many Requests"
        assert 800 <= int(r.headers["Retry-After"]) <= 900
        r = await sign_in(svc.client, account["email"], PASSWORD)  # even the right one, now
        assert r.status_code == 429 and "try again in" in r.json()["detail"]


def _platform_claims(sub: str = "someone", **extra: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "sub": sub,
        "region": "ID",
        "roles": ["admin"],
        "aud": PLATFORM_AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        **extra,
    }


async def _kid(service: Service) -> str:
    keys = (await service.client.get("/.well-known/jwks.json")).json()["keys"]
    return str(keys[0]["kid"])


def _settings_issuer(service: Service) -> str:
    return str(service.runtime.settings.token_issuer)


async def _refused(service: Service, token: str) -> str:
    r = await service.client.get("/councils", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401, r.text
    return str(r.json()["detail"])


async def test_a_token_signed_with_another_key_is_refused(service: Service) -> None:
    kid, iss = await _kid(service), _settings_issuer(service)
    forged = jwt.encode(
        _platform_claims(iss=iss), Ed25519PrivateKey.generate(), "EdDSA", headers={"kid": kid}
    )
    assert "signature" in (await _refused(service, forged)).lower()
    unknown = jwt.encode(
        _platform_claims(iss=iss), Ed25519PrivateKey.generate(), "EdDSA", headers={"kid": "x1"}
    )
    assert "no trusted issuer" in await _refused(service, unknown)


async def test_an_expired_token_is_refused(service: Service) -> None:
    kid, key = await _signing(service)
    past = datetime.now(UTC) - timedelta(minutes=20)
    claims = _platform_claims(
        iss=_settings_issuer(service), iat=past, exp=past + timedelta(minutes=10)
    )
    expired = jwt.encode(claims, key, "EdDSA", headers={"kid": kid})
    assert "expired" in await _refused(service, expired)
    fresh = jwt.encode(
        _platform_claims(iss=_settings_issuer(service)), key, "EdDSA", headers={"kid": kid}
    )
    r = await service.client.get("/councils", headers={"Authorization": f"Bearer {fresh}"})
    assert r.status_code == 200, r.text  # the same key and claims, in date: accepted


async def _signing(service: Service) -> tuple[str, Any]:
    keyring = Keyring(service.runtime.db["signing_keys"], retire_after=timedelta(minutes=1))
    kid, key = await keyring.signing(datetime.now(UTC))
    return str(kid), key


def _segment(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_a_token_with_alg_none_is_refused(service: Service) -> None:
    kid = await _kid(service)
    claims = _platform_claims(iss=_settings_issuer(service))
    claims = {
        **claims,
        "iat": int(claims["iat"].timestamp()),
        "exp": int(claims["exp"].timestamp()),
    }
    for alg in ("none", "None", "NONE"):
        token = f"{_segment({'alg': alg, 'typ': 'JWT', 'kid': kid})}.{_segment(claims)}."
        assert "not accepted" in await _refused(service, token)


async def test_an_hs256_token_keyed_with_the_public_key_is_refused(service: Service) -> None:
    keys = (await service.client.get("/.well-known/jwks.json")).json()["keys"]
    public = base64.urlsafe_b64decode(keys[0]["x"] + "==")  # the algorithm-confusion attack
    claims = _platform_claims(iss=_settings_issuer(service))
    claims = {
        **claims,
        "iat": int(claims["iat"].timestamp()),
        "exp": int(claims["exp"].timestamp()),
    }
    signed = f"{_segment({'alg': 'HS256', 'typ': 'JWT', 'kid': keys[0]['kid']})}.{_segment(claims)}"
    mac = hmac.new(public, signed.encode(), hashlib.sha256).digest()
    token = f"{signed}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    assert "signature" in (await _refused(service, token)).lower()


async def test_nobody_grants_beyond_their_scope_or_role(service: Service) -> None:
    client = service.client
    province = await create_account(client, "17", "admin")
    city_admin = await create_account(client, "17.71", "admin")
    secretariat = await create_account(client, "17", "secretariat")
    target = await create_account(client, "17.71", "viewer")
    as_province = await bearer(client, province["email"])
    as_city = await bearer(client, city_admin["email"])
    as_secretariat = await bearer(client, secretariat["email"])
    grants = f"/accounts/{target['id']}/grants"

    r = await client.post(grants, json={"council": "33.75", "role": "viewer"}, headers=as_province)
    assert r.status_code == 403 and "council" in r.json()["detail"]
    r = await client.post(grants, json={"council": "17", "role": "admin"}, headers=as_city)
    assert r.status_code == 403 and "outside this token's scope" in r.json()["detail"]
    r = await client.post(
        grants, json={"council": "17.71", "role": "viewer"}, headers=as_secretariat
    )
    assert r.status_code == 403
    body = {
        "email": email(),
        "name": "X",
        "password": PASSWORD,
        "council": "33.75",
        "role": "viewer",
    }
    assert (await client.post("/accounts", json=body, headers=as_province)).status_code == 403
    r = await client.post(grants, json={"council": "17.71", "role": "admin"}, headers=as_province)
    assert r.status_code == 200, r.text  # within scope, up to the granter's own role
    outside = await create_account(client, "33.75", "viewer")
    assert (await client.get(f"/accounts/{outside['id']}", headers=as_province)).status_code == 404
    listed = (await client.get("/accounts", headers=as_city)).json()["items"]
    assert {a["id"] for a in listed} == {city_admin["id"], target["id"]}


async def test_passwords_are_never_logged_stored_plainly_or_published(
    service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "a very particular passphrase 42"
    caplog.set_level(logging.DEBUG)
    account = await create_account(service.client, "17", "viewer", password=secret)
    await sign_in(service.client, account["email"], secret + "!")
    assert (await sign_in(service.client, account["email"], secret)).status_code == 200
    r = await service.client.post(
        "/accounts",
        json={"email": "bad", "name": "X", "password": secret, "council": "17", "role": "viewer"},
        headers=OPERATOR,
    )
    assert r.status_code == 422 and secret not in r.text  # a problem names the field, not input
    assert caplog.records, "nothing was logged at all"
    assert not [rec for rec in caplog.records if secret in rec.getMessage()]
    stored = await service.runtime.db["accounts"].find_one({"_id": account["id"]})
    assert stored is not None and secret not in json.dumps(stored, default=str)
    assert stored["password_hash"].startswith("$argon2id$")
    assert not stored.get(OUTBOX)  # accounts record no events: nothing goes on a topic
