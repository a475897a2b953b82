"""Feed keys stored hashed: only a key's SHA-256 is kept, the key itself is shown once."""

import hashlib
import secrets
import uuid
from datetime import datetime

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection

from shared.aggregate import NotFound
from shared.persistence import Document

COLLECTION = "feed_keys"
INDEXES = {COLLECTION: [IndexModel([("council", ASCENDING)])]}
PREFIX = "fk_"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class FeedKeys:
    """The feed keys of a deployment, stored hashed (`_id` = SHA-256 of the key)."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def create(self, council: str, *, by: str, at: datetime) -> tuple[Document, str]:
        """A new key for a council's feed: its record and the key itself (shown once)."""
        key = PREFIX + secrets.token_urlsafe(24)
        doc = {
            "_id": _digest(key),
            "id": uuid.uuid4().hex[:12],
            "council": council,
            "created_by": by,
            "created_at": at,
        }
        await self.collection.insert_one(doc)
        return doc, key

    async def of_council(self, council: str) -> list[Document]:
        """The live keys of a council's feed, oldest first (without the keys themselves)."""
        cursor = self.collection.find({"council": council}).sort("created_at", ASCENDING)
        return [d async for d in cursor]

    async def revoke(self, council: str, key_id: str) -> None:
        """Revoke a key of a council (404 when it has no such key)."""
        result = await self.collection.delete_one({"council": council, "id": key_id})
        if result.deleted_count == 0:
            raise NotFound(f"feed key {key_id} not found")

    async def council_of(self, key: str) -> str | None:
        """The council whose feed a key reads, or None for an unknown or revoked key."""
        if not key.startswith(PREFIX) or len(key) > 100:
            return None
        doc = await self.collection.find_one({"_id": _digest(key)})
        return str(doc["council"]) if doc else None
