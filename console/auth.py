"""Sign-in, refresh and sign-out against membership's /auth (the accounts contract)."""

import contextlib
import time
from typing import Any

import jwt

from shared.auth import issue_token
from shared.regions import region_name

from .client import Api, ApiError
from .session import Session
from .settings import ConsoleSettings

DEMO_PASSWORD = "dekranasda-demo-2026"
# Until membership serves /auth/token, a local deployment signs the demo accounts in itself.
LOCAL_ACCOUNTS = {
    "admin@bengkulu.dekranasda.id": ("17", "admin", "Admin Bengkulu"),
    "sekretariat@bengkulu.dekranasda.id": ("17", "secretariat", "Sekretariat Bengkulu"),
    "sekretariat@pekalongan.dekranasda.id": ("33.75", "secretariat", "Sekretariat Pekalongan"),
    "viewer@pekalongan.dekranasda.id": ("33.75", "viewer", "Pemantau Pekalongan"),
}


def _session(answer: dict[str, Any], email: str) -> Session:
    council = str(answer["council"])
    grants = list(answer.get("grants") or [])
    name = next((g.get("council_name") for g in grants if g.get("council") == council), None)
    return Session(
        access_token=str(answer["access_token"]),
        refresh_token=answer.get("refresh_token"),
        expires_at=time.time() + int(answer.get("expires_in", 600)),
        council=council,
        council_name=str(name or region_name(council) or council),
        role=str(answer["role"]),
        name=str(answer.get("name") or _claims(answer["access_token"]).get("name") or email),
        email=email,
        grants=grants,
    )


def _claims(token: str) -> dict[str, Any]:
    """The token's claims, read for display only (the services verify it)."""
    try:
        return dict(jwt.decode(token, options={"verify_signature": False}))
    except jwt.PyJWTError:
        return {}


def _local(settings: ConsoleSettings, email: str, password: str) -> dict[str, Any]:
    account = LOCAL_ACCOUNTS.get(email.lower())
    if account is None or password != DEMO_PASSWORD:
        raise ApiError(401, "wrong e-mail or password")
    council, role, name = account
    ttl = 600
    token = issue_token(
        secret=settings.jwt_secret.get_secret_value(), region=council, roles=[role], sub=email
    )
    grant = {"council": council, "council_name": region_name(council), "role": role}
    return {
        "access_token": token,
        "refresh_token": None,
        "expires_in": ttl,
        "council": council,
        "role": role,
        "name": name,
        "grants": [grant],
    }


async def sign_in(
    api: Api, settings: ConsoleSettings, email: str, password: str, council: str | None = None
) -> Session:
    """Exchange e-mail and password for a session; `ApiError` 401 when they are wrong."""
    body = {"email": email, "password": password, "council": council}
    try:
        answer = await api.post("membership", "/auth/token", body)
    except ApiError as exc:
        if exc.status not in (404, 405) or not settings.local:
            raise
        answer = _local(settings, email, password)
    return _session(answer, email)


async def refresh(
    api: Api, settings: ConsoleSettings, session: Session, council: str | None = None
) -> Session:
    """A fresh access token (and rotated refresh token), optionally for another council."""
    if session.refresh_token is None:  # local sign-in: sign again
        return _session(_local(settings, session.email, DEMO_PASSWORD), session.email)
    body = {"refresh_token": session.refresh_token, "council": council or session.council}
    answer = await api.post("membership", "/auth/refresh", body)
    return _session(answer, session.email)


async def sign_out(api: Api, session: Session) -> None:
    """Revoke the refresh token; a service that is gone does not keep the person signed in."""
    if session.refresh_token is None:
        return
    with contextlib.suppress(ApiError):
        await api.post("membership", "/auth/logout", {"refresh_token": session.refresh_token})
