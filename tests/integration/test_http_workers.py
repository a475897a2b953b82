"""`HTTP_WORKERS=2`: two uvicorn processes of one service on one port, and each of them answers."""

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.platform import platform
from tests.stack import Stack


def _workers(parent: int) -> list[int]:
    """The worker processes uvicorn spawned under `parent`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"multiprocessing.spawn" in cmdline:
            found.append(int(proc.name))
    return sorted(found)


@contextmanager
def _stopped(pid: int) -> Iterator[None]:
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def _answers(url: str, times: int = 2) -> list[int]:
    """Status codes of `times` requests, each on a new connection (well within uvicorn's 5 s
    worker health check, which replaces a worker that does not answer it)."""
    return [httpx.get(f"{url}/health", timeout=2).status_code for _ in range(times)]


def _started(logs: Path, count: int, timeout: float = 90) -> None:
    """Wait until `count` workers logged their start-up (the first alone makes /ready answer)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        said = "".join(p.read_text(errors="replace") for p in logs.glob("*.log"))
        if said.count("ready on port") >= count:
            return
        time.sleep(0.3)
    raise AssertionError(f"fewer than {count} workers started within {timeout} s")


def test_two_workers_each_answer(stack: Stack, deployment: str, tmp_path: Path) -> None:
    """With either worker stopped, the other one answers every request on the same port."""
    os.environ["HTTP_WORKERS"] = "2"
    with platform(stack, deployment, services=("events",), log_dir=tmp_path) as running:
        url, parent = running.urls["events"], running.procs["events"].pid
        workers = _workers(parent)
        assert len(workers) == 2, f"worker processes under {parent}: {workers}"
        _started(tmp_path, 2)
        for worker in workers:
            with _stopped(worker):
                assert _answers(url) == [200] * 2
        assert _answers(url) == [200] * 2
