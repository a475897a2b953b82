"""Run the three services and the console locally as background processes next to the devstack."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from ops import demo_accounts
from services import SERVICES, module
from shared.regions import region_name

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("DEKRANASDA_VAR", ROOT / "var"))
CONSOLE = ("console", 8000)
# The demo sign-ins `dekranasda demo` creates on the local deployment (ops/demo_accounts.py).
DEMO_PASSWORD = demo_accounts.PASSWORD
DEMO_SIGN_INS = tuple(
    (email, role, f"{council} {region_name(council)}")
    for email, _, council, role in demo_accounts.ACCOUNTS
)


@dataclass(frozen=True)
class Process:
    """One local service process."""

    name: str
    port: int

    @property
    def pidfile(self) -> Path:
        """Where its pid is kept."""
        return VAR / "run" / f"{self.name}.pid"

    @property
    def logfile(self) -> Path:
        """Where its JSON log lines go."""
        return VAR / "log" / f"{self.name}.log"

    @property
    def module(self) -> str:
        """The module `python -m` runs."""
        return "console" if self.name == CONSOLE[0] else module(self.name)

    @property
    def url(self) -> str:
        """Its base URL."""
        return f"http://127.0.0.1:{self.port}"

    def pid(self) -> int | None:
        """Its pid, if it runs."""
        try:
            pid = int(self.pidfile.read_text())
            os.kill(pid, 0)
            return pid
        except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
            return None

    def ready(self) -> bool:
        """Whether it answers /ready."""
        try:
            return httpx.get(f"{self.url}/ready", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False


def processes() -> list[Process]:
    """The three services, then the console in front of them."""
    return [*(Process(name, port) for name, port in SERVICES.items()), Process(*CONSOLE)]


def devstack(command: str) -> None:
    """Run the devstack script (install/up/down/status)."""
    subprocess.run([str(ROOT / "devstack" / "devstack.sh"), command], check=True)


def start(proc: Process, env: dict[str, str]) -> None:
    """Start a service in the background unless it runs already."""
    if proc.pid():
        return
    for folder in (proc.pidfile.parent, proc.logfile.parent):
        folder.mkdir(parents=True, exist_ok=True)
    with proc.logfile.open("ab") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", proc.module],
            cwd=ROOT,
            env={**os.environ, **env, **_console_env(proc)},
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    proc.pidfile.write_text(str(child.pid))


def _console_env(proc: Process) -> dict[str, str]:
    """The console on this machine: plain-HTTP cookies, the services on their local ports."""
    if proc.name != CONSOLE[0]:
        return {}
    urls = {
        f"CONSOLE_{name.upper()}_URL": f"http://127.0.0.1:{port}" for name, port in SERVICES.items()
    }
    return {"CONSOLE_DEPLOYMENT_NAME": "local", **urls}


def wait_ready(procs: list[Process], timeout: float = 90) -> list[Process]:
    """Wait until every process answers /ready; returns those that did not."""
    deadline = time.monotonic() + timeout
    waiting = list(procs)
    while waiting and time.monotonic() < deadline:
        waiting = [p for p in waiting if not p.ready()]
        if waiting:
            time.sleep(0.5)
    return waiting


def stop(proc: Process, timeout: float = 40) -> bool:
    """SIGTERM a service and wait for its graceful exit; returns whether it was running."""
    pid = proc.pid()
    if pid is None:
        proc.pidfile.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.pid():
        time.sleep(0.2)
    if proc.pid():
        os.kill(pid, signal.SIGKILL)
    proc.pidfile.unlink(missing_ok=True)
    return True
