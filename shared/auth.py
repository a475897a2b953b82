"""Access: the caller of a request (`sub`, `region`, `roles`), its region scope and role checks.

Its bearer token is verified by `shared.tokens`. Tokens come from the platform's sign-in
(membership, EdDSA, published at its JWKS), from an external OpenID Connect issuer
(`JWT_JWKS_URL`), or, for local use and tests, HS256 with `JWT_SECRET` (`dekranasda token`).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal, Protocol, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.aggregate import DomainError, Forbidden, NotFound
from shared.regions import covers

if TYPE_CHECKING:  # the verifier makes Callers; only its type is needed here
    from shared.tokens import TokenVerifier

Role = Literal["admin", "secretariat", "viewer"]


class _OfCouncil(Protocol):
    council: str


C = TypeVar("C", bound=_OfCouncil)
ROLES: tuple[Role, ...] = ("admin", "secretariat", "viewer")


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
