"""A private devstack (Kafka and FerretDB) for a test that stops or restarts them.

The shared devstack on 9092/27017 must never be stopped: other tests run on it at the same
time. A test that takes a dependency away starts its own with `devstack/devstack.sh` on free
ports under a directory of its own, reusing the built Kafka jars and FerretDB binary by
symlinks (never rebuilding them).
"""

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.platform import free_port
from tests.stack import ROOT, Stack

SHARED_PORTS = (9092, 9093, 27017)
SASL_USER, SASL_PASSWORD = "dekranasda", "private-stack-password"


@dataclass
class PrivateStack:
    """A devstack of one test: its own ports and data directory."""

    var: Path
    kafka_port: int
    controller_port: int
    mongo_port: int
    sasl_port: int | None = None  # a SASL_PLAINTEXT (SCRAM-SHA-512) listener, when asked for
    sasl_ssl_port: int | None = None  # and a SASL_SSL one (host `localhost`), given certificates
    certs: Path | None = None  # what ops/make-local-certs.sh wrote

    @property
    def stack(self) -> Stack:
        """Its addresses, as the `stack` fixture gives the shared one."""
        return Stack(
            f"127.0.0.1:{self.kafka_port}", f"mongodb://127.0.0.1:{self.mongo_port}/", "private"
        )

    def devstack(self, command: str) -> None:
        """Run `devstack.sh <command>` against this instance only."""
        assert not {self.kafka_port, self.controller_port, self.mongo_port} & set(SHARED_PORTS)
        env = {
            **os.environ,
            "DEKRANASDA_VAR": str(self.var),
            "DEVSTACK_KAFKA_PORT": str(self.kafka_port),
            "DEVSTACK_CONTROLLER_PORT": str(self.controller_port),
            "DEVSTACK_MONGO_PORT": str(self.mongo_port),
            "DEVSTACK_KAFKA_HEAP": "384m",
        }
        if self.sasl_port is not None:
            env.update(DEVSTACK_SASL_PORT=str(self.sasl_port), DEVSTACK_SASL_PASSWORD=SASL_PASSWORD)
        if self.sasl_ssl_port is not None and self.certs is not None:
            env.update(
                DEVSTACK_SASL_SSL_PORT=str(self.sasl_ssl_port),
                DEVSTACK_SSL_KEYSTORE=str(self.certs / "kafka-keystore.pem"),
                DEVSTACK_SSL_KEY_PASSWORD=(self.certs / "kafka-key-password").read_text().strip(),
            )
        script = ROOT / "devstack" / "devstack.sh"
        subprocess.run([str(script), command], env=env, check=True, stdout=subprocess.DEVNULL)

    def kafka_pid(self) -> int | None:
        """The broker's process id while it runs."""
        pidfile = self.var / "kafka.pid"
        return int(pidfile.read_text()) if pidfile.exists() else None

    def stop_kafka(self, timeout: float = 60) -> None:
        """Stop the broker as an operator would (SIGTERM) and wait until it has exited."""
        pid = self.kafka_pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        (self.var / "kafka.pid").unlink(missing_ok=True)

    def start_kafka(self) -> None:
        """Start the broker again on the same port and data (FerretDB keeps running)."""
        self.devstack("up")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # our own child would linger as a zombie; devstack.sh's children are not ours
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True


@contextmanager
def private_stack(var: Path, *, sasl: bool = False) -> Iterator[PrivateStack]:
    """Start a private Kafka and FerretDB under `var` on free ports; stop both afterwards.

    With `sasl`, Kafka also listens on `sasl_port` (SASL_PLAINTEXT) and on `sasl_ssl_port`
    (SASL_SSL, certificates of `ops/make-local-certs.sh localhost` in `certs`) for the
    SCRAM-SHA-512 user `SASL_USER`.
    """
    var.mkdir(parents=True, exist_ok=True)
    for name in ("kafka-libs", "bin"):  # built once for the shared devstack: link, never rebuild
        link, target = var / name, ROOT / "var" / name
        if target.exists() and not link.exists():
            link.symlink_to(target)
    running = PrivateStack(var, free_port(), free_port(), free_port())
    if sasl:
        running.sasl_port, running.sasl_ssl_port, running.certs = (
            free_port(),
            free_port(),
            var / "certs",
        )
        script = ROOT / "ops" / "make-local-certs.sh"
        subprocess.run(
            [str(script), "localhost", str(running.certs)], check=True, capture_output=True
        )
    try:
        running.devstack("up")
        yield running
    finally:
        running.devstack("down")
