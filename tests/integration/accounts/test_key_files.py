"""Signing keys from files (MEMBERSHIP_SIGNING_KEY_FILE): they sign, are published with the
keys of a rotation, and are never written to the database."""

from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from services.membership.accounts.keyfiles import public_jwk
from tests.integration.accounts.support import accounts_service, create_account, sign_in
from tests.stack import Stack

pytestmark = pytest.mark.integration


def _write(path: Path, key: Any, *, public: bool = False) -> Path:
    if public:
        data = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    else:
        data = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "alg"),
    [
        (ed25519.Ed25519PrivateKey.generate, "EdDSA"),
        (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), "RS256"),
    ],
)
async def test_a_key_file_signs_and_the_rotations_keys_are_published(
    stack: Stack, tmp_path: Path, make: Any, alg: str
) -> None:
    signing, previous = make(), ed25519.Ed25519PrivateKey.generate()
    files = {
        "signing_key_file": str(_write(tmp_path / "signing.pem", signing)),
        "published_key_files": str(_write(tmp_path / "old.pem", previous, public=True)),
    }
    async with accounts_service(stack, **files) as service:
        keys = (await service.client.get("/.well-known/jwks.json")).json()["keys"]
        kids = [k["kid"] for k in keys]
        assert kids == [public_jwk(signing)["kid"], public_jwk(previous)["kid"]]

        account = await create_account(service.client, "17", "viewer")
        r = await sign_in(service.client, account["email"])
        access = r.json()["access_token"]
        assert jwt.get_unverified_header(access) == {"alg": alg, "kid": kids[0], "typ": "JWT"}
        r = await service.client.get("/me", headers={"Authorization": f"Bearer {access}"})
        assert r.status_code == 200, r.text
        assert await service.runtime.db["signing_keys"].count_documents({}) == 0


async def test_keys_rotate_tells_how_to_rotate_key_files(stack: Stack, tmp_path: Path) -> None:
    from tests.integration.accounts.test_operator import _cli

    key = str(_write(tmp_path / "signing.pem", ed25519.Ed25519PrivateKey.generate()))
    done = await _cli(stack, "tkeyfiles", "keys", "rotate", MEMBERSHIP_SIGNING_KEY_FILE=key)
    assert done.exit_code == 1 and "MEMBERSHIP_PUBLISHED_KEY_FILES" in done.output
