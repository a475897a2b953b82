"""A private FerretDB for a test that stalls the database (beside the shared Kafka).

The shared FerretDB on 27017 must never be paused: other tests run on it at the same time. This
one runs the already built binary (`var/bin/ferretdb`, never rebuilt) on a free port with data
under the test's own directory. `tests.private_stack` does the same for a whole devstack.
"""

import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.platform import free_port
from tests.stack import ROOT

SHARED_PORTS = (9092, 9093, 27017)


@dataclass
class PrivateFerretDB:
    """A FerretDB of one test (beside the shared Kafka), to pause and resume like a stalled disk."""

    process: "subprocess.Popen[bytes]"
    port: int

    @property
    def url(self) -> str:
        """Its MongoDB URL."""
        return f"mongodb://127.0.0.1:{self.port}/"

    def pause(self) -> None:
        """Stop it answering (SIGSTOP): connections stay open, nothing comes back."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """Let it answer again (SIGCONT)."""
        self.process.send_signal(signal.SIGCONT)


@contextmanager
def private_ferretdb(var: Path) -> Iterator[PrivateFerretDB]:
    """Start the already built FerretDB binary on a free port with data under `var`."""
    var.mkdir(parents=True, exist_ok=True)
    port = free_port()
    assert port not in SHARED_PORTS
    log = (var / "ferretdb.log").open("wb")
    process = subprocess.Popen(
        [str(ROOT / "var" / "bin" / "ferretdb"), "-listen", f"127.0.0.1:{port}", "-dir", str(var)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    running = PrivateFerretDB(process, port)
    try:
        _wait_port(port, process)
        yield running
    finally:
        running.resume()
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_port(port: int, process: "subprocess.Popen[bytes]", timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the private FerretDB exited during start-up"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the private FerretDB did not open port {port} within {timeout}s")
