"""Fixtures shared by all tests: the real stack, unique deployments, tokens."""

import os
import uuid
from collections.abc import Iterator

import pytest

from shared.tokens import issue_token
from tests.stack import Stack, real_stack

SECRET = "test-secret-0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    """The real Kafka broker and MongoDB-wire server (never a fake)."""
    with real_stack() as running:
        yield running


@pytest.fixture(autouse=True)
def _environment_restored() -> Iterator[None]:
    """Each test sees the environment the run started with.

    Operator commands called in-process set `LOG_LEVEL=WARNING` for their own output; left in
    `os.environ`, it silenced INFO lines of later tests and of the services they start.
    """
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark tests by folder: tests/integration -> integration, tests/e2e -> e2e."""
    for item in items:
        parts = item.path.parts
        for kind in ("integration", "e2e"):
            if kind in parts:
                item.add_marker(getattr(pytest.mark, kind))


_skipped_real: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Remember integration and e2e tests that were skipped: they prove nothing."""
    if report.skipped and ("integration" in report.keywords or "e2e" in report.keywords):
        _skipped_real.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped integration or e2e test fails the run."""
    if _skipped_real:
        print(f"\n{len(_skipped_real)} integration/e2e test(s) were skipped; that fails the run:")
        for nodeid in _skipped_real:
            print(f"  {nodeid}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
