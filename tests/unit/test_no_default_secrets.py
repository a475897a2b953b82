"""A deployment other than the local one refuses to start on the development secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from services.events.app import EventsSettings
from services.events.app import create_app as events_app
from services.programs.app import ProgramsSettings
from services.programs.app import create_app as programs_app
from shared.tokens import DEV_SECRET, InsecureSettings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "change-me-to-a-long-random-secret-of-32-bytes-or-more"


@pytest.mark.parametrize("secret", [DEV_SECRET, EXAMPLE, "short-but-set"])
def test_a_deployment_refuses_the_development_or_a_weak_secret(secret: str) -> None:
    with pytest.raises(InsecureSettings, match="Set JWT_SECRET to a random value"):
        programs_app(ProgramsSettings(deployment_name="bengkulu", jwt_secret=secret))


def test_the_local_deployment_runs_on_the_development_secret() -> None:
    app = events_app(EventsSettings(deployment_name="local"))
    assert app.state.verifier is not None


@pytest.mark.parametrize("secret", ["", "x" * 40])
def test_a_deployment_runs_on_its_own_secret_or_none(secret: str) -> None:
    events_app(EventsSettings(deployment_name="bengkulu", jwt_secret=secret))


def test_the_process_says_what_to_set_and_exits() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith("JWT_SECRET") and k != "DEPLOYMENT_NAME"
    }
    env.update(DEPLOYMENT_NAME="bengkulu", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "services.events"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "refuses to start" in done.stderr and "JWT_SECRET" in done.stderr
    assert "Traceback" not in done.stderr
