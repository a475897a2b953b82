"""MongoDB documents <-> accounts. Password hashes stay in this module and the handlers."""

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from shared.aggregate import Conflict
from shared.documents import fields_of, to_document
from shared.persistence import Document
from shared.repository import Aggregates
from shared.store import AggregateStore

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


class Accounts(Aggregates[Account]):
    """The accounts of a deployment; e-mail addresses are unique."""

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, to_doc=to_document, from_doc=_account)

    async def add(self, aggregate: Account, *, extra: Document | None = None) -> None:
        """Store a new account (409 naming the e-mail when it has one already)."""
        if await self.by_email(aggregate.email) is not None:
            raise email_taken(aggregate.email)
        try:
            await super().add(aggregate, extra=extra)
        except (Conflict, DuplicateKeyError) as exc:
            raise email_taken(aggregate.email) from exc

    async def by_email(self, email: str) -> Account | None:
        """The account of an (already normalised) e-mail address."""
        doc = await self.collection.find_one({"email": email})
        return _account(doc) if doc else None

    async def all(self) -> list[Account]:
        """Every account, by e-mail (a deployment has a few hundred at most)."""
        cursor = self.collection.find({}).sort("email", ASCENDING)
        return [_account(d) async for d in cursor]


def _account(doc: Document) -> Account:
    fields = fields_of(doc, drop=("revision", "updated_at"))
    fields["grants"] = [Grant(**g) for g in fields.get("grants", [])]
    return Account(revision=doc["revision"], **fields)
