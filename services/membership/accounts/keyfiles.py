"""Signing keys from files, for deployments that keep private keys out of the database.

`MEMBERSHIP_SIGNING_KEY_FILE` names a PEM private key (Ed25519, or RSA for RS256) that signs;
`MEMBERSHIP_PUBLISHED_KEY_FILES` (comma-separated PEM files, private or public) are published
beside it. A key's `kid` is its RFC 7638 thumbprint. Rotation without downtime, one restart per
step: publish the new key; make it the signing key and publish the old one; after one token
lifetime, drop the old one.
"""

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from jwt.algorithms import OKPAlgorithm, RSAAlgorithm

from shared.keysets import parse_key_set

_MEMBERS = {"OKP": ("crv", "kty", "x"), "RSA": ("e", "kty", "n")}


def public_jwk(key: Any) -> dict[str, Any]:
    """The public JWK of a private or public key, with `kid` (thumbprint), `alg` and `use`."""
    public = key.public_key() if hasattr(key, "private_bytes") else key
    if isinstance(public, ed25519.Ed25519PublicKey):
        jwk: dict[str, Any] = OKPAlgorithm.to_jwk(public, as_dict=True)
        alg = "EdDSA"
    elif isinstance(public, rsa.RSAPublicKey):
        jwk, alg = RSAAlgorithm.to_jwk(public, as_dict=True), "RS256"
    else:
        raise ValueError("a signing key must be Ed25519 or RSA")
    canonical = json.dumps({m: jwk[m] for m in _MEMBERS[jwk["kty"]]}, separators=(",", ":"))
    kid = jwt.utils.base64url_encode(hashlib.sha256(canonical.encode()).digest()).decode()
    return {**jwk, "kid": kid, "alg": alg, "use": "sig"}


def load_key(path: Path) -> Any:
    """A PEM key from a file: private if it holds one, else public."""
    data = path.read_bytes()
    if b"PRIVATE KEY" in data:
        return serialization.load_pem_private_key(data, password=None)
    return serialization.load_pem_public_key(data)


class FileKeyring:
    """The signing key and the published keys, read once from their files."""

    def __init__(self, signing_file: Path, published_files: list[Path]) -> None:
        self._key = load_key(signing_file)
        if not hasattr(self._key, "private_bytes"):
            raise ValueError(f"{signing_file} holds no private key")
        self._signing = public_jwk(self._key)
        others = [public_jwk(load_key(p)) for p in published_files]
        self._published = [self._signing, *(k for k in others if k["kid"] != self._signing["kid"])]
        self._keys = parse_key_set({"keys": self._published})

    async def published(self, now: datetime) -> dict[str, Any]:
        """The public key set (JWKS)."""
        return {"keys": list(self._published)}

    async def signing(self, now: datetime) -> tuple[str, Any]:
        """The id and private key that sign."""
        return str(self._signing["kid"]), self._key

    async def key(self, kid: str) -> jwt.PyJWK | None:
        """A published public key by id."""
        return self._keys.get(kid)

    @property
    def algorithm(self) -> str:
        """The algorithm of the signing key."""
        return str(self._signing["alg"])
