"""Builds the accounts part of membership on a database (the service and the CLI use it)."""

from datetime import timedelta
from pathlib import Path
from typing import Protocol

from pymongo.asynchronous.database import AsyncDatabase

from shared.persistence import Document
from shared.store import AggregateStore

from .keyfiles import FileKeyring
from .keys import Keyring, SigningKeys
from .repository import ACCOUNTS, Accounts
from .signin import Gate
from .throttle import Policy, Throttle
from .tokens import Issuer, Sessions


class AccountSettings(Protocol):
    """The settings sign-in needs (membership's, see `MembershipSettings`)."""

    access_token_ttl_s: int
    refresh_token_ttl_s: int
    sign_in_max_failures: int
    sign_in_lock_s: int
    sign_in_delay_s: float
    signing_key_file: str | None
    published_key_files: str

    @property
    def token_issuer(self) -> str:
        """The `iss` of platform tokens."""
        ...


def build_gate(db: AsyncDatabase[Document], settings: AccountSettings, source: str) -> Gate:
    """The accounts, sessions, throttle and token issuer of one deployment's database."""
    access_ttl = timedelta(seconds=settings.access_token_ttl_s)
    keyring: SigningKeys
    if settings.signing_key_file:
        published = [Path(p.strip()) for p in settings.published_key_files.split(",") if p.strip()]
        keyring = FileKeyring(Path(settings.signing_key_file), published)
    else:  # a retiring key may sign for PUBLISH_AHEAD more; its tokens then live one lifetime
        keyring = Keyring(db["signing_keys"], retire_after=access_ttl + timedelta(minutes=1))
    policy = Policy(
        max_failures=settings.sign_in_max_failures,
        lock=timedelta(seconds=settings.sign_in_lock_s),
        delay_s=settings.sign_in_delay_s,
    )
    return Gate(
        accounts=Accounts(AggregateStore(db[ACCOUNTS], source=source)),
        sessions=Sessions(
            db["refresh_tokens"], ttl=timedelta(seconds=settings.refresh_token_ttl_s)
        ),
        throttle=Throttle(db["sign_in_failures"], policy),
        issuer=Issuer(keyring=keyring, issuer=settings.token_issuer, ttl=access_ttl),
    )
