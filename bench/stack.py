"""The benchmark's own devstack (other ports, its own `var/bench`) and service processes.

Nothing here touches the shared devstack on 9092/27017: the broker, FerretDB, their data and
the services' consumer groups all belong to this run alone.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from shared.tokens import issue_token

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
KAFKA_PORT, CONTROLLER_PORT, MONGO_PORT = 19092, 19093, 37017
KAFKA = f"127.0.0.1:{KAFKA_PORT}"
MONGODB = f"mongodb://127.0.0.1:{MONGO_PORT}/"
SECRET = "bench-secret-0123456789abcdef0123456789abcdef"
SERVICES = ("membership", "programs", "events")
SHARED_PORTS = (9092, 27017)


def _devstack_env() -> dict[str, str]:
    return {
        **os.environ,
        "DEKRANASDA_VAR": str(VAR),
        "DEVSTACK_KAFKA_PORT": str(KAFKA_PORT),
        "DEVSTACK_CONTROLLER_PORT": str(CONTROLLER_PORT),
        "DEVSTACK_MONGO_PORT": str(MONGO_PORT),
    }


def devstack(command: str) -> None:
    """Run devstack.sh against the benchmark's own instance (never the shared one)."""
    assert KAFKA_PORT not in SHARED_PORTS and MONGO_PORT not in SHARED_PORTS
    subprocess.run(
        [str(ROOT / "devstack" / "devstack.sh"), command],
        env=_devstack_env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def fresh_devstack() -> None:
    """Stop a previous benchmark stack, drop its data, reuse the built jars and binary, start."""
    VAR.mkdir(parents=True, exist_ok=True)
    for name in ("kafka-libs", "bin"):  # built once for the main devstack: link, never rebuild
        link, target = VAR / name, ROOT / "var" / name
        if target.exists() and not link.exists():
            link.symlink_to(target)
    devstack("reset")
    devstack("up")


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def token(region: str = "ID", roles: tuple[str, ...] = ("admin",)) -> str:
    """A bearer token the benchmark's services accept."""
    return issue_token(secret=SECRET, region=region, roles=list(roles), sub="bench")


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MB (VmRSS from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Deployment:
    """Service processes of one deployment name on the benchmark stack."""

    name: str
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    started: dict[str, float] = field(default_factory=dict)
    db_suffix: str = ""  # set before a (re)start: the services then start on new databases

    def url(self, service: str) -> str:
        """Base URL of a service."""
        return f"http://127.0.0.1:{self.ports[service]}"

    def database(self, service: str) -> str:
        """The MongoDB database a service of this deployment owns."""
        return f"dekranasda_{self.name}_{service}{self.db_suffix}"

    def group(self, service: str, subscription: str) -> str:
        """A consumer group of this deployment."""
        return f"dekranasda.{self.name}.{service}.{subscription}"

    def env(self, service: str) -> dict[str, str]:
        """The environment a service process gets."""
        return {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": KAFKA,
            "MONGODB_URL": MONGODB,
            "MONGODB_DATABASE": self.database(service),
            "DEPLOYMENT_NAME": self.name,
            "DEPLOYMENT_REGION": "ID",
            "JWT_SECRET": SECRET,
            "TOPIC_PARTITIONS": "6",
            "LOG_LEVEL": "WARNING",
            f"{service.upper()}_HTTP_PORT": str(self.ports[service]),
            "PYTHONPATH": str(ROOT),
        }

    def start(self, service: str) -> None:
        """Start `python -m services.<service>` (again, on the same port after a kill)."""
        self.ports.setdefault(service, free_port())
        (VAR / "log").mkdir(parents=True, exist_ok=True)
        with (VAR / "log" / f"{self.name}-{service}.log").open("ab") as log:
            self.procs[service] = subprocess.Popen(
                [sys.executable, "-m", f"services.{service}"],
                cwd=ROOT,
                env=self.env(service),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.started[service] = time.monotonic()

    def wait_ready(
        self,
        *services: str,
        timeout: float = 120,
        path: str = "/ready",
        ok: tuple[int, ...] = (200,),
    ) -> float:
        """Wait until each answers `path` with an `ok` status; returns the seconds it took."""
        deadline = time.monotonic() + timeout
        waiting = set(services)
        while waiting:
            if time.monotonic() > deadline:
                raise RuntimeError(f"not ready within {timeout}s: {sorted(waiting)}")
            for service in list(waiting):
                if self.procs[service].poll() is not None:
                    raise RuntimeError(f"{service} exited; see {VAR}/log/{self.name}-{service}.log")
                try:
                    if httpx.get(f"{self.url(service)}{path}", timeout=2).status_code in ok:
                        waiting.discard(service)
                except httpx.HTTPError:
                    pass
            time.sleep(0.2)
        return max(time.monotonic() - self.started[s] for s in services)

    def rss(self, service: str) -> float:
        """RSS of a running service in MB."""
        return rss_mb(self.procs[service].pid)

    def kill(self, service: str) -> None:
        """kill -9: no graceful shutdown, nothing in flight committed."""
        proc = self.procs[service]
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    def stop(self, *services: str) -> None:
        """SIGTERM these processes (all by default), wait for the graceful exit (SIGKILL after
        30 s)."""
        procs = [p for s, p in self.procs.items() if not services or s in services]
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
