"""Bearer tokens: which issuers are trusted, verifying a token into a `Caller`, and signing
local tokens (HS256 with `JWT_SECRET`, refused outside the local deployment when weak)."""

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Self

import jwt

from shared.auth import ROLES, Caller, Unauthenticated
from shared.keysets import ASYMMETRIC, JwksKeys, KeySource
from shared.regions import is_known

ALGORITHM = "HS256"


DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"
"""The HS256 secret of the local deployment (`DEPLOYMENT_NAME=local`) only."""
_PLACEHOLDERS = {DEV_SECRET, "change-me-to-a-long-random-secret-of-32-bytes-or-more"}
PLATFORM_AUDIENCE = "dekranasda"
CACHE_S = 60.0
"""How long a verified token is taken again without checking its signature (at most its `exp`)."""
CACHE_SIZE = 4096


class InsecureSettings(RuntimeError):
    """A deployment other than the local one was configured with a development secret."""


def check_secret(secret: str, *, deployment: str) -> None:
    """Refuse the development (or a short) HS256 secret outside the local deployment."""
    if deployment == "local" or not secret:
        return
    if secret in _PLACEHOLDERS or len(secret) < 32:
        raise InsecureSettings(
            f"deployment {deployment!r} refuses to start: JWT_SECRET is the development or "
            "example value (or shorter than 32 characters). Set JWT_SECRET to a random value "
            "of 32+ characters (it signs operator tokens from `dekranasda token`), or set it "
            "empty (JWT_SECRET=) to accept only tokens signed by the platform's keys "
            "(PLATFORM_JWKS_URL) or by an OpenID Connect issuer (JWT_JWKS_URL)."
        )


@dataclass(frozen=True)
class Trust:
    """An issuer whose tokens are accepted: its keys, and the `iss`/`aud` they must carry."""

    keys: KeySource
    issuer: str | None = None
    audience: str | None = None


class TokenVerifier:
    """Verifies bearer tokens: signed by a trusted issuer's key (by `kid`), or HS256 locally.

    `alg: none`, an algorithm the key is not for, unknown keys and expired tokens are refused.

    A token verified once is taken again for `CACHE_S` (never past its `exp`) without decoding
    it: the console sends the same token with every request, and its signature check was 10% of
    a read's CPU (issue 17). The cache is keyed by the whole token, so any change to it misses.
    A key the issuer withdraws stops being accepted within `CACHE_S`.
    """

    def __init__(self, *, secret: str | None = None, trusts: Sequence[Trust] = ()) -> None:
        self._secret = secret or None
        self._trusts = list(trusts)
        self._verified: dict[str, tuple[Caller, float]] = {}  # token -> (caller, until)

    @classmethod
    def for_settings(cls, settings: Any, *, platform_keys: KeySource | None = None) -> "Self":
        """The verifier a service's settings describe; refuses a development secret."""
        secret = settings.jwt_secret.get_secret_value()
        check_secret(secret, deployment=settings.deployment_name)
        trusts = []
        platform = platform_keys or (
            JwksKeys(settings.platform_jwks_url) if settings.platform_jwks_url else None
        )
        if platform is not None:
            trusts.append(Trust(platform, settings.token_issuer, PLATFORM_AUDIENCE))
        if settings.jwt_jwks_url:
            trusts.append(
                Trust(JwksKeys(settings.jwt_jwks_url), settings.jwt_issuer, settings.jwt_audience)
            )
        return cls(secret=secret, trusts=trusts)

    async def verify(self, token: str) -> Caller:
        """The caller a token stands for; raises `Unauthenticated` when it is not valid."""
        now = time.time()
        cached = self._verified.pop(token, None)
        if cached is not None and now < cached[1]:
            self._verified[token] = cached  # the most recent last: the oldest go first
            return cached[0]
        caller, expires = await self._verify(token)
        if len(self._verified) >= CACHE_SIZE:
            del self._verified[next(iter(self._verified))]
        self._verified[token] = (caller, min(expires, now + CACHE_S))
        return caller

    async def _verify(self, token: str) -> tuple[Caller, float]:
        try:
            header = jwt.get_unverified_header(token)
            claims = await self._claims(token, header)
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"invalid token: {exc}") from exc
        region, roles = claims.get("region"), claims.get("roles")
        if not isinstance(region, str) or not is_known(region):
            raise Unauthenticated("token claim 'region' is not a known council code")
        if not isinstance(roles, list) or not set(roles) & set(ROLES):
            raise Unauthenticated("token claim 'roles' names none of admin, secretariat, viewer")
        name = claims.get("name")
        caller = Caller(
            sub=str(claims["sub"]),
            region=region,
            roles=frozenset(roles),
            name=name if isinstance(name, str) else None,
        )
        return caller, float(claims["exp"])

    async def _claims(self, token: str, header: dict[str, Any]) -> dict[str, Any]:
        alg = header.get("alg")
        if alg == ALGORITHM and self._secret is not None:
            return _decode(token, self._secret, ALGORITHM, None, None)
        if alg not in ASYMMETRIC:
            raise Unauthenticated(f"invalid token: algorithm {alg!r} is not accepted")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise Unauthenticated("invalid token: no key id (kid) in its header")
        for trust in self._trusts:
            key = await trust.keys.key(kid)
            if key is not None:
                return _decode(token, key, key.algorithm_name, trust.issuer, trust.audience)
        raise Unauthenticated("invalid token: signed by a key no trusted issuer publishes")


def _decode(
    token: str, key: Any, algorithm: str, issuer: str | None, audience: str | None
) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(
        token,
        key,
        algorithms=[algorithm],
        issuer=issuer,
        audience=audience,
        options={"require": ["sub", "exp"], "verify_aud": audience is not None},
    )
    return claims


def issue_token(
    *,
    secret: str,
    region: str,
    roles: list[str],
    sub: str = "local-user",
    ttl: timedelta = timedelta(hours=12),
) -> str:
    """Sign a token for local and compose deployments (shared secret)."""
    now = datetime.now(UTC)
    claims = {"sub": sub, "region": region, "roles": roles, "iat": now, "exp": now + ttl}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)
