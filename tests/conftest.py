"""Fixtures shared by all tests: the real stack, unique deployments, tokens."""

import uuid
from collections.abc import Iterator

import pytest

from shared.auth import issue_token
from tests.stack import Stack, real_stack

SECRET = "test-secret-0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    """The real Kafka broker and MongoDB-wire server (never a fake)."""
    with real_stack() as running:
        yield running


@pytest.fixture
def deployment() -> str:
    """A deployment name of its own, so databases and consumer groups never collide."""
    return f"t{uuid.uuid4().hex[:10]}"


def token(region: str, role: str = "secretariat", *, sub: str = "tester") -> dict[str, str]:
    """Authorization headers for a caller of a region and role."""
    roles = [role] if isinstance(role, str) else list(role)
    return {
        "Authorization": f"Bearer {issue_token(secret=SECRET, region=region, roles=roles, sub=sub)}"
    }
