"""Sign-in, refresh and sign-out against membership's /auth (the accounts contract)."""

import contextlib
import time
from typing import Any

import jwt

from shared.regions import region_name

from .client import Api, ApiError
from .session import Session


def _session(answer: dict[str, Any], email: str) -> Session:
    council = str(answer["council"])
    grants = list(answer.get("grants") or [])
    name = next((g.get("council_name") for g in grants if g.get("council") == council), None)
    return Session(
        access_token=str(answer["access_token"]),
        refresh_token=str(answer["refresh_token"]),
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


async def sign_in(api: Api, email: str, password: str, council: str | None = None) -> Session:
    """Exchange e-mail and password for a session; `ApiError` 401 when they are wrong."""
    body = {"email": email, "password": password, "council": council}
    return _session(await api.post("membership", "/auth/token", body), email)


async def refresh(api: Api, session: Session, council: str | None = None) -> Session:
    """A fresh access token (and rotated refresh token), optionally for another council."""
    body = {"refresh_token": session.refresh_token, "council": council or session.council}
    answer = await api.post("membership", "/auth/refresh", body)
    return _session(answer, session.email)


async def sign_out(api: Api, session: Session) -> None:
    """Revoke the refresh token; a service that is gone does not keep the person signed in."""
    with contextlib.suppress(ApiError):
        await api.post("membership", "/auth/logout", {"refresh_token": session.refresh_token})
