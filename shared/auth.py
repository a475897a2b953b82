"""Access: bearer JWTs with `sub`, `region` and `roles`; the region scope; role checks."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal, Protocol, TypeVar

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.aggregate import DomainError, Forbidden, NotFound
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

    def can_read(self, council: str) -> bool:
        """Whether the council lies within this caller's scope."""
        return covers(self.region, council)

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


class TokenVerifier:
    """Verifies tokens: HS256 with a shared secret, or RS/ES keys from an issuer's JWKS URL."""

    def __init__(
        self,
        *,
        secret: str,
        jwks_url: str | None = None,
        issuer: str | None = None,
        audience: str | None = None,
    ) -> None:
        self._secret = secret
        self._jwks = jwt.PyJWKClient(jwks_url) if jwks_url else None
        self._issuer = issuer
        self._audience = audience

    def verify(self, token: str) -> Caller:
        """The caller a token stands for; raises `Unauthenticated` when it is not valid."""
        try:
            if self._jwks is not None:
                key = self._jwks.get_signing_key_from_jwt(token).key
                algorithms = ["RS256", "ES256"]
            else:
                key, algorithms = self._secret, [ALGORITHM]
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                issuer=self._issuer,
                audience=self._audience,
                options={"require": ["sub", "exp"], "verify_aud": self._audience is not None},
            )
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"invalid token: {exc}") from exc
        region, roles = claims.get("region"), claims.get("roles")
        if not isinstance(region, str) or not is_known(region):
            raise Unauthenticated("token claim 'region' is not a known council code")
        if not isinstance(roles, list) or not set(roles) & set(ROLES):
            raise Unauthenticated("token claim 'roles' names none of admin, secretariat, viewer")
        return Caller(sub=str(claims["sub"]), region=region, roles=frozenset(roles))


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


_bearer = HTTPBearer(auto_error=False, description="A JWT with claims sub, region and roles")


def current_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """The FastAPI dependency every protected route uses."""
    if credentials is None:
        raise Unauthenticated("a bearer token is required")
    verifier: TokenVerifier = request.app.state.verifier
    return verifier.verify(credentials.credentials)


CallerDep = Annotated[Caller, Depends(current_caller)]
