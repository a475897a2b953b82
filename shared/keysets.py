"""Public key sets that tokens are verified against: a JWKS URL, fetched and cached.

Every service trusts the platform's key set (membership's `/.well-known/jwks.json`) and, when
configured, an external OpenID Connect issuer's (`JWT_JWKS_URL`). Keys are cached; a token
naming an unknown `kid` fetches the set again (at most once per `min_refetch_s`, so random kids
cannot make a service hammer the issuer), which is how a rotated-in key is picked up.
"""

import asyncio
import logging
import time
from typing import Any, Protocol

import httpx
import jwt

from shared.aggregate import DomainError

log = logging.getLogger(__name__)
ASYMMETRIC = ("EdDSA", "RS256", "ES256")


class KeysUnavailable(DomainError):
    """The issuer's key set could not be fetched (so no token can be checked now)."""

    status = 503


class KeySource(Protocol):
    """Where the public key of a `kid` comes from."""

    async def key(self, kid: str) -> jwt.PyJWK | None:
        """The public key with this id, or None when the set has none."""
        ...


def parse_key_set(data: dict[str, Any]) -> dict[str, jwt.PyJWK]:
    """The usable signing keys of a JWKS document, by `kid` (others are skipped)."""
    keys: dict[str, jwt.PyJWK] = {}
    for entry in data.get("keys", []):
        kid = entry.get("kid")
        if not kid or entry.get("use", "sig") != "sig":
            continue
        try:
            key = jwt.PyJWK(entry)
        except jwt.PyJWTError as exc:
            log.warning("key set: key %s skipped (%s)", kid, exc)
            continue
        if key.algorithm_name in ASYMMETRIC:
            keys[kid] = key
    return keys


class JwksKeys:
    """The keys published at a JWKS URL, cached for `ttl_s`."""

    def __init__(self, url: str, *, ttl_s: float = 300, min_refetch_s: float = 10) -> None:
        self.url = url
        self._ttl, self._min_refetch = ttl_s, min_refetch_s
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> jwt.PyJWK | None:
        """The key of `kid`; an unknown kid or a stale cache fetches the set again."""
        if self._wants_fetch(kid):
            async with self._lock:
                if self._wants_fetch(kid):  # else another request fetched it meanwhile
                    await self._fetch()
        return self._keys.get(kid)

    def _wants_fetch(self, kid: str) -> bool:
        age = time.monotonic() - self._fetched_at
        return age > self._ttl or (kid not in self._keys and age > self._min_refetch)

    async def _fetch(self) -> None:
        try:
            async with httpx.AsyncClient(timeout=5) as client:
                response = await client.get(self.url)
                response.raise_for_status()
                self._keys = parse_key_set(response.json())
        except (httpx.HTTPError, ValueError) as exc:
            if not self._keys:
                raise KeysUnavailable(f"the key set at {self.url} cannot be read: {exc}") from exc
            log.warning("key set %s not refreshed (%s); keeping the cached keys", self.url, exc)
        self._fetched_at = time.monotonic()
