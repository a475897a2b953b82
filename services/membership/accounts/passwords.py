"""Password hashing with argon2id (argon2-cffi's RFC 9106 low-memory profile).

Hashing runs in a worker thread, so a sign-in does not stall the event loop. An unknown e-mail
is checked against a dummy hash, so its answer takes as long as a wrong password's.
"""

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()


_DUMMY = (  # a hash made with the same (default) parameters, of a password nobody has
    "$argon2id$v=19$m=65536,t=3,p=4$s6KdhzVQe4L0blj3RNY2yw$+FaqCTaEaom4ShTzqdjn1FaqAXnR7tDi/b5Yikzybh8"
)


async def hash_password(password: str) -> str:
    """The argon2id hash of a password (with its own salt and parameters)."""
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(stored: str | None, password: str) -> bool:
    """Whether the password matches the stored hash; with no hash, spends the same time."""
    return await asyncio.to_thread(_verify, stored, password)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(stored)
