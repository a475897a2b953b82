"""A token verified once is taken again without decoding it, but never past its expiry, and
never for a token that differs from it in any character (issue 17)."""

import asyncio
from datetime import timedelta

import pytest

from shared.auth import Unauthenticated
from shared.tokens import TokenVerifier, issue_token

SECRET = "a-test-secret-of-thirty-two-chars-or-more"


async def test_a_token_taken_again_is_refused_once_it_has_expired() -> None:
    verifier = TokenVerifier(secret=SECRET)
    token = issue_token(secret=SECRET, region="33.75", roles=["viewer"], ttl=timedelta(seconds=2))
    assert (await verifier.verify(token)).region == "33.75"
    assert (await verifier.verify(token)).region == "33.75"
    await asyncio.sleep(3)
    with pytest.raises(Unauthenticated, match="expired"):
        await verifier.verify(token)


async def test_a_token_changed_after_a_good_one_was_taken_is_refused() -> None:
    verifier = TokenVerifier(secret=SECRET)
    token = issue_token(secret=SECRET, region="33.75", roles=["secretariat"])
    await verifier.verify(token)
    head, claims, signature = token.split(".")
    forged = issue_token(
        secret="another-secret-of-thirty-two-chars-long", region="17", roles=["admin"]
    )
    for other in (
        f"{head}.{forged.split('.')[1]}.{signature}",
        f"{head}.{claims}.{signature[:-2]}AA",
    ):
        with pytest.raises(Unauthenticated):
            await verifier.verify(other)
    assert (await verifier.verify(token)).roles == {"secretariat"}
