"""Access tokens (short-lived JWTs) and refresh tokens (opaque, stored hashed, rotating)."""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from pymongo.asynchronous.collection import AsyncCollection

from shared.persistence import Document, document_lock
from shared.tokens import PLATFORM_AUDIENCE

from .domain import Account, Grant
from .keys import SigningKeys


def digest(token: str) -> str:
    """How an opaque token is stored: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Issuer:
    """Signs access tokens for one deployment."""

    keyring: SigningKeys
    issuer: str
    ttl: timedelta

    async def access_token(self, account: Account, grant: Grant, now: datetime) -> str:
        """A token for one council of the account: claims `sub`, `region`, `roles`, `name`."""
        kid, key = await self.keyring.signing(now)
        claims: dict[str, Any] = {
            "sub": account.id,
            "region": grant.council,
            "roles": [grant.role],
            "name": account.name,
            "iss": self.issuer,
            "aud": PLATFORM_AUDIENCE,
            "iat": now,
            "exp": now + self.ttl,
        }
        algorithm = "RS256" if isinstance(key, rsa.RSAPrivateKey) else "EdDSA"
        return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid})


class Sessions:
    """Refresh tokens: each used once; a reused one revokes its whole family (theft)."""

    def __init__(self, collection: AsyncCollection[Document], *, ttl: timedelta) -> None:
        self.collection, self.ttl = collection, ttl

    async def open(
        self, account_id: str, council: str, now: datetime, family: str | None = None
    ) -> str:
        """A new refresh token for an account's council session (its expired ones go)."""
        await self.collection.delete_many({"account": account_id, "expires_at": {"$lte": now}})
        token = secrets.token_urlsafe(32)
        await self.collection.insert_one(
            {
                "_id": digest(token),
                "account": account_id,
                "council": council,
                "family": family or uuid.uuid4().hex,
                "expires_at": now + self.ttl,
                "used_at": None,
            }
        )
        return token

    async def take(self, token: str, now: datetime) -> Document | None:
        """Use a refresh token once: its session, or None if unknown, expired or reused."""
        key = digest(token)
        async with document_lock(self.collection, key):
            doc = await self.collection.find_one({"_id": key})
            if doc is None or doc["expires_at"] <= now:
                return None
            if doc["used_at"] is not None:  # presented twice: someone else holds a copy
                await self.collection.delete_many({"family": doc["family"]})
                return None
            result = await self.collection.update_one(
                {"_id": key, "used_at": None}, {"$set": {"used_at": now}}
            )
        return doc if result.modified_count == 1 else None

    async def revoke(self, token: str) -> None:
        """Sign out: the token and every token rotated from the same sign-in stop working."""
        doc = await self.collection.find_one({"_id": digest(token)})
        if doc is not None:
            await self.collection.delete_many({"family": doc["family"]})

    async def revoke_account(self, account_id: str) -> None:
        """Every refresh token of an account stops working (disabled)."""
        await self.collection.delete_many({"account": account_id})
