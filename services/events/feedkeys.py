"""Calendar feed keys: read-only, revocable keys that let calendar apps subscribe to one
council's `calendar.ics` without a bearer header (Google Calendar, Outlook, iOS, webcal://).

A key is shown once, when made; only its SHA-256 is stored. It reads the feed of the council
it was made for and nothing else: another council's feed answers 404, every other route 401.
"""

import hashlib
import secrets
import uuid
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials
from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection

from shared.aggregate import NotFound
from shared.auth import Caller, Unauthenticated, bearer_scheme, current_caller
from shared.clock import utc_now
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

    async def create(self, council: str, *, by: str) -> tuple[Document, str]:
        """A new key for a council's feed: its record and the key itself (shown once)."""
        key = PREFIX + secrets.token_urlsafe(24)
        doc = {
            "_id": _digest(key),
            "id": uuid.uuid4().hex[:12],
            "council": council,
            "created_by": by,
            "created_at": utc_now(),
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


async def calendar_reader(
    request: Request,
    code: str,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    key: Annotated[
        str | None, Query(max_length=100, description="A feed key instead of a bearer token")
    ] = None,
) -> Caller:
    """Who reads a council's calendar: a feed key's holder (that feed only), or a bearer."""
    if key is None:
        return await current_caller(request, credentials)
    keys: FeedKeys = request.app.state.feed_keys
    council = await keys.council_of(key)
    if council is None:
        raise Unauthenticated("this feed key is unknown or was revoked")
    if council != code:
        raise NotFound(f"council {code} not found")
    return Caller(sub="feed-key", region=council, roles=frozenset({"viewer"}))


FeedReaderDep = Annotated[Caller, Depends(calendar_reader)]


def feed_urls(request: Request, code: str, key: str, public_url: str | None) -> dict[str, Any]:
    """The subscription URL of a council's feed with a key, plain and as `webcal://`."""
    base = (public_url or str(request.base_url)).rstrip("/")
    url = f"{base}/councils/{code}/calendar.ics?key={key}"
    return {"url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}
