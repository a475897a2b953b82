"""The platform's signing keys (Ed25519), kept in membership's database.

The first sign-in (or key-set request) of a fresh deployment makes a key. `dekranasda keys
rotate` adds a new key and marks the previous ones to be retired once every token they signed
has expired (`retire_at`). The new key is published at once but signs only `PUBLISH_AHEAD`
later, once every replica's cache of the set (5 s) shows it; verifiers that cached the old set
fetch it again when they first meet the new `kid`. During a rotation both keys are published,
so no verifier meets a token whose key it cannot fetch.
"""

import asyncio
import time
import uuid
from datetime import datetime, timedelta
from typing import Any, Protocol

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm
from pymongo import DESCENDING
from pymongo.asynchronous.collection import AsyncCollection

from shared.clock import utc_now
from shared.keysets import parse_key_set
from shared.persistence import Document

ALGORITHM = "EdDSA"


class SigningKeys(Protocol):
    """Where the platform's keys come from: the database (`Keyring`) or files (`FileKeyring`)."""

    async def published(self, now: datetime) -> dict[str, Any]:
        """The public key set (JWKS)."""
        ...

    async def signing(self, now: datetime) -> tuple[str, Any]:
        """The id and private key that sign now."""
        ...

    async def key(self, kid: str) -> jwt.PyJWK | None:
        """A published public key by id."""
        ...


PUBLISH_AHEAD = timedelta(seconds=15)


def new_key(now: datetime) -> Document:
    """A fresh Ed25519 key as stored: its id, private PEM and public JWK."""
    private = Ed25519PrivateKey.generate()
    kid = f"{now:%Y%m%d}-{uuid.uuid4().hex[:8]}"
    public: dict[str, Any] = OKPAlgorithm.to_jwk(private.public_key(), as_dict=True)
    public.update(kid=kid, use="sig", alg=ALGORITHM)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return {"_id": kid, "private_pem": pem, "public": public, "created_at": now, "retire_at": None}


class Keyring:
    """Signing keys in one collection; the published set is cached for `cache_s`."""

    def __init__(
        self, collection: AsyncCollection[Document], *, retire_after: timedelta, cache_s: float = 5
    ) -> None:
        self.collection = collection
        self._retire_after, self._cache_s = retire_after, cache_s
        self._docs: list[Document] = []
        self._loaded_at = float("-inf")
        self._lock = asyncio.Lock()

    async def _load(self, now: datetime, *, force: bool = False) -> list[Document]:
        async with self._lock:
            if force or time.monotonic() - self._loaded_at > self._cache_s:
                cursor = self.collection.find({}).sort("created_at", DESCENDING)
                docs = [d async for d in cursor]
                if not docs:
                    docs = [new_key(now)]
                    await self.collection.insert_one(docs[0])
                self._docs, self._loaded_at = docs, time.monotonic()
        return [d for d in self._docs if d["retire_at"] is None or d["retire_at"] > now]

    async def published(self, now: datetime) -> dict[str, Any]:
        """The public key set (JWKS): the signing key and those not yet retired."""
        return {"keys": [d["public"] for d in await self._load(now)]}

    async def signing(self, now: datetime) -> tuple[str, Any]:
        """The id and private key of the newest key published for `PUBLISH_AHEAD` already."""
        published = await self._load(now)  # newest first
        ready = [d for d in published if d["created_at"] <= now - PUBLISH_AHEAD]
        doc = ready[0] if ready else published[-1]  # else the oldest: it signed first
        key = serialization.load_pem_private_key(doc["private_pem"].encode(), password=None)
        return doc["_id"], key

    async def key(self, kid: str) -> jwt.PyJWK | None:
        """A published public key by id (membership verifies its own tokens with these)."""
        now = utc_now()
        docs = await self._load(now)
        if not any(d["_id"] == kid for d in docs):
            docs = await self._load(now, force=time.monotonic() - self._loaded_at > 1)
        return parse_key_set({"keys": [d["public"] for d in docs]}).get(kid)

    async def rotate(self, now: datetime) -> str:
        """Add a new signing key; the others retire once their tokens have expired."""
        doc = new_key(now)
        await self.collection.insert_one(doc)  # first: there is always an active key
        await self.collection.update_many(
            {"retire_at": None, "_id": {"$ne": doc["_id"]}},
            {"$set": {"retire_at": now + self._retire_after}},
        )
        await self._load(now, force=True)
        return str(doc["_id"])

    async def listing(self) -> list[Document]:
        """Every stored key without its private part, newest first."""
        cursor = self.collection.find({}, {"private_pem": 0}).sort("created_at", DESCENDING)
        return [d async for d in cursor]
