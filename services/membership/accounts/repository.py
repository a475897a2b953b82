"""MongoDB documents <-> accounts. Password hashes stay in this module and the handlers."""

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from shared.aggregate import Conflict
from shared.persistence import AggregateStore, Document, fields_of, to_document

from .domain import Account, Grant, email_taken

ACCOUNTS = "accounts"
INDEXES = {
    ACCOUNTS: [IndexModel([("email", ASCENDING)], unique=True)],
    "refresh_tokens": [
        IndexModel([("family", ASCENDING)]),
        IndexModel([("account", ASCENDING)]),
    ],
    "sign_in_failures": [],
    "signing_keys": [],
}


class Accounts:
    """The accounts of a deployment; e-mail addresses are unique."""

    def __init__(self, store: AggregateStore) -> None:
        self.store = store

    async def add(self, account: Account) -> None:
        """Store a new account (409 naming the e-mail when it has one already)."""
        if await self.by_email(account.email) is not None:
            raise email_taken(account.email)
        try:
            await self.store.insert(to_document(account), [])
        except (Conflict, DuplicateKeyError) as exc:
            raise email_taken(account.email) from exc

    async def save(self, account: Account) -> None:
        """Store a changed account; 409 if saved meanwhile."""
        await self.store.update(
            account.id, account.revision, to_document(account, exclude=("created_at",)), []
        )
        account.revision += 1

    async def get(self, account_id: str) -> Account | None:
        """One account by id."""
        doc = await self.store.collection.find_one({"_id": account_id})
        return _account(doc) if doc else None

    async def by_email(self, email: str) -> Account | None:
        """The account of an (already normalised) e-mail address."""
        doc = await self.store.collection.find_one({"email": email})
        return _account(doc) if doc else None

    async def all(self) -> list[Account]:
        """Every account, by e-mail (a deployment has a few hundred at most)."""
        cursor = self.store.collection.find({}).sort("email", ASCENDING)
        return [_account(d) async for d in cursor]


def _account(doc: Document) -> Account:
    fields = fields_of(doc, drop=("revision", "updated_at"))
    fields["grants"] = [Grant(**g) for g in fields.get("grants", [])]
    return Account(revision=doc["revision"], **fields)
