"""Operator commands on accounts and signing keys, straight on membership's database.

They run where the operator has the deployment's settings (`MONGODB_URL`, `DEPLOYMENT_NAME`,
`DEPLOYMENT_REGION`), as an admin of the deployment's whole region: this is how the first admin
of a fresh deployment is made. The same rules as over HTTP apply (scope, roles, passwords).
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from rich.table import Table

from services.membership.accounts import handlers
from services.membership.accounts.domain import Account, normal_email
from services.membership.accounts.keys import Keyring
from services.membership.accounts.repository import INDEXES
from services.membership.accounts.signin import Gate
from services.membership.accounts.wiring import build_gate
from services.membership.app import MembershipSettings
from shared.aggregate import DomainError, NotFound
from shared.auth import Caller, Role
from shared.persistence import create_client, ensure_indexes


@dataclass
class Desk:
    """What an operator command works on."""

    gate: Gate
    operator: Caller
    settings: MembershipSettings

    async def account(self, email: str) -> Account:
        """The account of an e-mail address (404 when none)."""
        found = await self.gate.accounts.by_email(normal_email(email))
        if found is None:
            raise NotFound(f"no account has the e-mail {email}")
        return found


@asynccontextmanager
async def desk() -> AsyncIterator[Desk]:
    """Membership's database of the deployment the environment names."""
    settings = MembershipSettings()
    client = create_client(settings.mongodb_url)
    try:
        db = client[settings.database]
        await ensure_indexes(db, INDEXES)
        operator = Caller(
            sub="operator", region=settings.deployment_region, roles=frozenset({"admin"})
        )
        yield Desk(build_gate(db, settings, settings.source), operator, settings)
    finally:
        await client.close()


async def create(email: str, name: str, password: str, council: str, role: Role) -> Account:
    """A new account with its first grant."""
    async with desk() as d:
        return await handlers.create_account(
            d.gate,
            caller=d.operator,
            email=email,
            name=name,
            password=password,
            council=council,
            role=role,
        )


async def grant(email: str, council: str, role: Role) -> Account:
    """Give (or change) a role in a council."""
    async with desk() as d:
        account = await d.account(email)
        return await handlers.grant(
            d.gate, caller=d.operator, account_id=account.id, council=council, role=role
        )


async def revoke(email: str, council: str) -> Account:
    """Withdraw a grant."""
    async with desk() as d:
        account = await d.account(email)
        return await handlers.revoke(
            d.gate, caller=d.operator, account_id=account.id, council=council
        )


async def set_status(email: str, *, active: bool) -> Account:
    """Disable or enable an account."""
    async with desk() as d:
        account = await d.account(email)
        return await handlers.set_status(
            d.gate, caller=d.operator, account_id=account.id, active=active
        )


async def listing() -> Table:
    """Every account the deployment's region covers."""
    async with desk() as d:
        accounts = await handlers.list_accounts(d.gate, caller=d.operator, email=None)
    table = Table("e-mail", "name", "status", "grants", "id")
    for a in accounts:
        grants = ", ".join(f"{g.role} {g.council}" for g in a.grants) or "-"
        table.add_row(a.email, a.name, a.status, grants, a.id)
    return table


def _database_keys(d: Desk) -> Keyring:
    keyring = d.gate.issuer.keyring
    if not isinstance(keyring, Keyring):
        raise DomainError(
            "this deployment signs with MEMBERSHIP_SIGNING_KEY_FILE: rotate by publishing the "
            "new key (MEMBERSHIP_PUBLISHED_KEY_FILES), then signing with it (see README)"
        )
    return keyring


async def rotate_keys() -> str:
    """A new signing key; the previous ones stay published until their tokens expired."""
    async with desk() as d:
        return await _database_keys(d).rotate(datetime.now(UTC))


async def keys_table() -> Table:
    """The signing keys, newest first, with when each retires."""
    async with desk() as d:
        docs = await _database_keys(d).listing()
    now = datetime.now(UTC)
    table = Table("kid", "created", "state")
    for i, doc in enumerate(docs):
        retire = doc.get("retire_at")
        state = (
            "signing"
            if retire is None and i == 0
            else ("published" if retire is None or retire > now else "retired")
        )
        if retire is not None and retire > now:
            state += f" until {retire:%Y-%m-%d %H:%M} UTC"
        table.add_row(str(doc["_id"]), f"{doc['created_at']:%Y-%m-%d %H:%M}", state)
    return table
