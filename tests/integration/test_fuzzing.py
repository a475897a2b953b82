"""Schemathesis against each service's OpenAPI document, with a valid admin token (issue 11.8).

Every answer must be no server error, a documented status with a documented content type,
headers and body (problems included), and a 405 must name the allowed methods. The runs are
bounded (a few examples per operation, a fixed seed) and the three services run side by side.
"""

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import token
from tests.platform import SERVICES, Platform, platform
from tests.stack import Stack

pytestmark = pytest.mark.timeout(600)
ST = Path(sys.executable).parent / "st"
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "unsupported_method",
    "allow_header_conformance",
)
EXAMPLES_PER_OPERATION = 4
SEED = 20261129


@pytest.fixture(scope="module")
def services(stack: Stack) -> Iterator[Platform]:
    with platform(stack, f"tfuzz{int(time.time())}", fresh=True) as running:
        yield running


def test_no_operation_of_any_service_answers_a_server_error_or_off_its_schema(
    services: Platform, tmp_path: Path
) -> None:
    runs = {service: _fuzz(services.urls[service], tmp_path / service) for service in SERVICES}
    failed = {}
    for service, (run, output) in runs.items():
        run.wait(timeout=540)
        if run.returncode != 0:
            failed[service] = output.read_text(errors="replace")[-6000:]
    assert not failed, "\n\n".join(f"== {s} ==\n{text}" for s, text in failed.items())


def _fuzz(url: str, out: Path) -> tuple["subprocess.Popen[bytes]", Path]:
    command = [
        str(ST),
        "run",
        f"{url}/openapi.json",
        "--header",
        f"Authorization: {token('ID', 'admin')['Authorization']}",
        "--checks",
        ",".join(CHECKS),
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--exclude-path",
        "/ready",  # 503 while a dependency is slow is its documented purpose
        "--wait-for-schema",
        "60",
        "--request-timeout",
        "30",
        "--no-color",
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    log = out.with_suffix(".log")
    with log.open("wb") as sink:
        run = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=out.parent)
    return run, log
