"""HTTP schemas of sign-in and account management. No schema ever carries a password hash."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.auth import Role
from shared.regions import region_name

from .domain import MAX_PASSWORD, MIN_PASSWORD, Account, Grant
from .signin import Session

Code = Field(pattern=r"^(ID|\d{2}(\.\d{2})?)$", examples=["33.75"])
OptionalCode = Field(default=None, pattern=r"^(ID|\d{2}(\.\d{2})?)$", examples=["33.75"])
Password = Field(min_length=MIN_PASSWORD, max_length=MAX_PASSWORD, examples=["a long passphrase"])


class SignIn(BaseModel):
    """E-mail and password; `council` picks which grant the session uses (default: the first)."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=254, examples=["sekretariat@example.id"])
    password: str = Field(min_length=1, max_length=MAX_PASSWORD)
    council: str | None = OptionalCode


class Refresh(BaseModel):
    """A refresh token (used once), and optionally another council of the account."""

    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=1, max_length=200)
    council: str | None = OptionalCode


class SignOut(BaseModel):
    """The refresh token to revoke."""

    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=1, max_length=200)


class GrantPublic(BaseModel):
    """A role in a council (and every council below it)."""

    council: str
    council_name: str
    role: Role

    @classmethod
    def of(cls, grant: Grant) -> "GrantPublic":
        """The public view of a grant."""
        name = region_name(grant.council) or grant.council
        return cls(council=grant.council, council_name=name, role=grant.role)


class TokenPair(BaseModel):
    """A session's tokens: a short-lived bearer token and a one-time refresh token."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds the access token is valid")
    refresh_token: str
    council: str
    role: Role
    grants: list[GrantPublic]

    @classmethod
    def of(cls, session: Session) -> "TokenPair":
        """The response to a sign-in or refresh."""
        return cls(
            access_token=session.access_token,
            expires_in=session.expires_in,
            refresh_token=session.refresh_token,
            council=session.grant.council,
            role=session.grant.role,
            grants=[GrantPublic.of(g) for g in session.account.grants],
        )


class AccountCreate(BaseModel):
    """A person's account with a first grant and an initial password (told to them privately)."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=254)
    name: str = Field(min_length=1, max_length=200)
    password: str = Password
    council: str = Code
    role: Role


class GrantCreate(BaseModel):
    """A role to give in a council."""

    model_config = ConfigDict(extra="forbid")

    council: str = Code
    role: Role


class PasswordChange(BaseModel):
    """One's current password and the new one."""

    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=MAX_PASSWORD)
    new_password: str = Password


class AccountPublic(BaseModel):
    """An account as admins see it."""

    id: str
    email: str
    name: str
    status: str
    grants: list[GrantPublic]
    created_at: datetime

    @classmethod
    def of(cls, account: Account) -> "AccountPublic":
        """The public view of an account."""
        return cls(
            id=account.id,
            email=account.email,
            name=account.name,
            status=account.status,
            grants=[GrantPublic.of(g) for g in account.grants],
            created_at=account.created_at,
        )


class Me(AccountPublic):
    """The caller's account, and the council and role of the current session."""

    council: str
    role: str
