"""Access: bearer JWTs with `sub`, `region` and `roles`; the region scope; role checks.

Tokens come from the platform's sign-in (membership, EdDSA, published at its JWKS), from an
external OpenID Connect issuer (`JWT_JWKS_URL`), or, for local use and tests, HS256 with
`JWT_SECRET` (`dekranasda token`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal, Protocol, Self, TypeVar

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.aggregate import DomainError, Forbidden, NotFound
from shared.keysets import ASYMMETRIC, JwksKeys, KeySource
from shared.regions import covers, is_known

Role = Literal["admin", "secretariat", "viewer"]


class _OfCouncil(Protocol):
    council: str


C = TypeVar("C", bound=_OfCouncil)
ROLES: tuple[Role, ...] = ("admin", "secretariat", "viewer")
ALGORITHM = "HS256"


class Unauthenticated(DomainError):
    """No token, or one that is expired, forged or malformed."""

    status = 401


@dataclass(frozen=True)
class Caller:
    """Who is calling: a subject, the council scope the token covers, and its roles."""

    sub: str
    region: str
    roles: frozenset[str]
    name: str | None = None

    def can_read(self, council: str) -> bool:
        """Whether the council lies within this caller's scope."""
        return covers(self.region, council)

    def cannot_list(self, council: str | None) -> bool:
        """Whether a list filtered by `council` is an empty page: the council lies out of scope."""
        if not council:
            return False
        return not covers(self.region, council)

    def require_write(self, council: str, *, field: str = "council") -> None:
        """Allow writing the council's data, or raise 403."""
        if not self.roles & {"admin", "secretariat"}:
            raise Forbidden("this token may only read (role viewer)", field=None)
        if not covers(self.region, council):
            raise Forbidden(f"council {council} lies outside this token's scope", field=field)

    def require_admin(self) -> None:
        """Allow an administrator only, or raise 403."""
        if "admin" not in self.roles:
            raise Forbidden("only an admin may do this")

    def scoped(self, found: "C | None", what: str) -> "C":
        """What was looked up, if it exists within the scope; 404 otherwise, as if it did not."""
        if found is None or not covers(self.region, found.council):
            raise NotFound(f"{what} not found")
        return found

    def visible(self, council: str, what: str) -> None:
        """Answer 404 for anything outside the scope, as if it did not exist."""
        if not covers(self.region, council):
            raise NotFound(f"{what} not found")


DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"
"""The HS256 secret of the local deployment (`DEPLOYMENT_NAME=local`) only."""
_PLACEHOLDERS = {DEV_SECRET, "change-me-to-a-long-random-secret-of-32-bytes-or-more"}
PLATFORM_AUDIENCE = "dekranasda"


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
    """

    def __init__(self, *, secret: str | None = None, trusts: Sequence[Trust] = ()) -> None:
        self._secret = secret or None
        self._trusts = list(trusts)

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
        return Caller(
            sub=str(claims["sub"]),
            region=region,
            roles=frozenset(roles),
            name=name if isinstance(name, str) else None,
        )

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


bearer_scheme = HTTPBearer(
    auto_error=False, description="A JWT with claims sub, region and roles (POST /auth/token)"
)


async def current_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Caller:
    """The FastAPI dependency every protected route uses."""
    if credentials is None:
        raise Unauthenticated("a bearer token is required")
    verifier: TokenVerifier = request.app.state.verifier
    return await verifier.verify(credentials.credentials)


CallerDep = Annotated[Caller, Depends(current_caller)]
