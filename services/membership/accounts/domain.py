"""Accounts and grants, and who may grant what: pure rules, no I/O."""

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from shared.aggregate import Aggregate, Conflict, DomainError, Forbidden, NotFound
from shared.auth import ROLES, Caller, Role
from shared.regions import covers, is_known

Status = Literal["active", "disabled"]
RANK: dict[str, int] = {"viewer": 0, "secretariat": 1, "admin": 2}
MIN_PASSWORD = 10
MAX_PASSWORD = 256  # long enough for any passphrase, short enough to hash cheaply
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normal_email(email: str) -> str:
    """An e-mail address as accounts are keyed by it: trimmed, lower case."""
    return email.strip().lower()


def check_email(email: str) -> str:
    """A well-formed address, normalised, or 422 naming the field."""
    email = normal_email(email)
    if not _EMAIL.match(email) or len(email) > 254:
        raise DomainError("is not an e-mail address", field="email")
    return email


def check_password(password: str, *, field: str = "password") -> str:
    """A password long enough (and not absurdly long), or 422 naming the field."""
    if len(password) < MIN_PASSWORD:
        raise DomainError(f"must have at least {MIN_PASSWORD} characters", field=field)
    if len(password) > MAX_PASSWORD:
        raise DomainError(f"must have at most {MAX_PASSWORD} characters", field=field)
    return password


@dataclass
class Grant:
    """A role in one council, reaching that council and every council below it."""

    council: str
    role: Role


@dataclass(kw_only=True)
class Account(Aggregate):
    """A person who signs in: e-mail, display name, status, grants, and a password hash."""

    email: str
    name: str
    status: Status = "active"
    grants: list[Grant] = field(default_factory=list)
    home: str  # the council it was created in: whose admins see it even without grants
    password_hash: str = field(repr=False)
    created_at: datetime

    @classmethod
    def create(
        cls, *, email: str, name: str, password_hash: str, home: str, now: datetime
    ) -> "Account":
        """A new active account without grants."""
        return cls(
            id=uuid.uuid4().hex,
            email=check_email(email),
            name=name.strip(),
            home=home,
            password_hash=password_hash,
            created_at=now,
        )

    def grant_of(self, council: str | None) -> Grant | None:
        """The grant for a council, or the first grant when none is named."""
        if council is None:
            return self.grants[0] if self.grants else None
        return next((g for g in self.grants if g.council == council), None)

    def grant(self, council: str, role: Role) -> None:
        """Give (or change) the role in a council."""
        self.grants = [g for g in self.grants if g.council != council] + [Grant(council, role)]

    def revoke(self, council: str) -> None:
        """Withdraw the grant of a council (404 when there is none)."""
        if self.grant_of(council) is None:
            raise NotFound(f"this account has no grant for council {council}")
        self.grants = [g for g in self.grants if g.council != council]

    def set_status(self, status: Status) -> None:
        """Disable or enable the account."""
        self.status = status


def top_rank(caller: Caller) -> int:
    """The highest role a caller holds, as a rank."""
    return max((RANK[r] for r in caller.roles if r in RANK), default=-1)


def require_granter(caller: Caller, council: str, role: str) -> None:
    """Admins grant within their scope, never above their own role."""
    if role not in ROLES:
        raise DomainError(f"must be one of {', '.join(ROLES)}", field="role")
    if not is_known(council):
        raise DomainError(f"{council!r} is not a Kemendagri council code", field="council")
    caller.require_admin()
    if not covers(caller.region, council):
        raise Forbidden(f"council {council} lies outside this token's scope", field="council")
    if RANK[role] > top_rank(caller):
        raise Forbidden(f"role {role} lies above the granter's own role", field="role")


def visible_to(caller: Caller, account: Account) -> bool:
    """Whether the account was created in, or holds a grant within, the caller's scope."""
    return covers(caller.region, account.home) or any(
        covers(caller.region, g.council) for g in account.grants
    )


def require_manager(caller: Caller, account: Account | None, account_id: str) -> Account:
    """Admins manage accounts whose every grant lies within their scope; 404 if not visible."""
    if account is None or not visible_to(caller, account):
        raise NotFound(f"account {account_id} not found")
    caller.require_admin()
    outside = [g.council for g in account.grants if not covers(caller.region, g.council)]
    if outside:
        raise Forbidden(f"this account also holds grants outside this token's scope: {outside}")
    return account


def email_taken(email: str) -> Conflict:
    """The 409 of an e-mail address that already has an account."""
    return Conflict(f"an account with the e-mail {email} exists", field="email")
