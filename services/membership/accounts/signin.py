"""Sign-in, refresh and sign-out: e-mail and password in, a council session's tokens out."""

import asyncio
import logging
from dataclasses import dataclass

from shared.aggregate import DomainError
from shared.auth import Unauthenticated
from shared.clock import utc_now

from .domain import Account, Grant, normal_email
from .passwords import hash_password, needs_rehash, verify_password
from .repository import Accounts
from .throttle import Throttle
from .tokens import Issuer, Sessions

log = logging.getLogger(__name__)
REFUSED = "the e-mail address or the password is wrong, or the account is disabled"


@dataclass
class Gate:
    """What sign-in works on."""

    accounts: Accounts
    sessions: Sessions
    throttle: Throttle
    issuer: Issuer


@dataclass(frozen=True)
class Session:
    """A signed-in council session: its tokens, account and grant."""

    access_token: str
    refresh_token: str
    expires_in: int
    account: Account
    grant: Grant


async def sign_in(gate: Gate, *, email: str, password: str, council: str | None) -> Session:
    """Check the password (slowly, then locked after repeated failures); open a session."""
    email, now = normal_email(email), utc_now()
    await gate.throttle.check(email, now)
    account = await gate.accounts.by_email(email)
    matches = await verify_password(account.password_hash if account else None, password)
    if account is None or not matches or account.status != "active" or not account.grants:
        delay = await gate.throttle.failed(email, now)  # raises `Locked` at the limit
        log.info("sign-in refused for an address (failure counted)")
        await asyncio.sleep(delay)
        raise Unauthenticated(REFUSED)
    await gate.throttle.succeeded(email)
    if needs_rehash(account.password_hash):
        account.password_hash = await hash_password(password)
        await gate.accounts.save(account)
    grant = _grant(account, council)
    refresh = await gate.sessions.open(account.id, grant.council, now)
    return await _session(gate, account, grant, refresh)


async def refresh(gate: Gate, *, token: str, council: str | None) -> Session:
    """Rotate a refresh token; refused once the account is disabled or the grant revoked."""
    now = utc_now()
    stored = await gate.sessions.take(token, now)
    if stored is None:
        raise Unauthenticated("the refresh token is unknown, expired, used or revoked")
    account = await gate.accounts.get(stored["account"])
    grant = account.grant_of(council or stored["council"]) if account else None
    if account is None or account.status != "active" or grant is None:
        raise Unauthenticated("this account is disabled or no longer holds that grant")
    rotated = await gate.sessions.open(account.id, grant.council, now, family=stored["family"])
    return await _session(gate, account, grant, rotated)


async def sign_out(gate: Gate, *, token: str) -> None:
    """Revoke a refresh token (and those rotated from the same sign-in)."""
    await gate.sessions.revoke(token)


def _grant(account: Account, council: str | None) -> Grant:
    grant = account.grant_of(council)
    if grant is None:
        raise DomainError(f"this account holds no grant for council {council}", field="council")
    return grant


async def _session(gate: Gate, account: Account, grant: Grant, refresh_token: str) -> Session:
    access = await gate.issuer.access_token(account, grant, utc_now())
    return Session(
        access_token=access,
        refresh_token=refresh_token,
        expires_in=int(gate.issuer.ttl.total_seconds()),
        account=account,
        grant=grant,
    )
