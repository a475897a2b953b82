"""Open-loop HTTP load with vegeta (built from source with `go install` on first use).

vegeta sends requests at a fixed arrival rate whatever the response times are: a slow server
does not slow the arrivals down, so queueing shows up as latency (and timeouts) instead of as
lower throughput, unlike wrk's closed loop in `bench.load`. Up to `MAX_WORKERS` requests can be
in flight; only when that many are outstanding does the rate stop being kept.

Every request is a JSON target; creates get a fresh body per request from `bodies(i)`.
"""

import base64
import json
import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.stack import ROOT

MODULE = "github.com/tsenart/vegeta/v12"
VERSION = "v12.13.0"
MAX_WORKERS = 512
TIMEOUT_S = 10


@dataclass(frozen=True)
class OpenResult:
    """One vegeta run at a constant arrival rate."""

    rate: float  # requested arrivals per second
    seconds: float  # attack span measured by vegeta (first to last request sent)
    requests: int
    throughput: float  # vegeta's "throughput": 2xx/3xx responses / (duration + wait)
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx responses or transport errors (status "0")
    status_codes: dict[str, int]


def ensure_vegeta() -> str:
    """The vegeta binary, `var/bin/vegeta` beside FerretDB's, `go install`ed there once."""
    binary = ROOT / "var" / "bin" / "vegeta"
    if binary.is_file():
        return str(binary)
    binary.parent.mkdir(parents=True, exist_ok=True)
    go = shutil.which("go")
    if not go:
        raise RuntimeError("vegeta is missing and go is not installed (needed to build it)")
    print(f"bench: installing vegeta (go install {MODULE}@{VERSION})", flush=True)
    env = {**os.environ, "GOBIN": str(binary.parent.resolve())}
    out = subprocess.run(
        [go, "install", f"{MODULE}@{VERSION}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if out.returncode != 0 or not binary.is_file():
        lines = (out.stderr or out.stdout).strip().splitlines() or [f"exit {out.returncode}"]
        raise RuntimeError(f"go install {MODULE}@{VERSION} failed: {lines[-1]}")
    return str(binary)


def _rate_flag(rate: float) -> str:
    """vegeta's `freq/per` with an integer freq (fractional rates are given per 1000 s)."""
    if rate <= 0:
        raise ValueError(f"rate must be positive, not {rate}")
    if rate == int(rate):
        return f"{int(rate)}/1s"
    return f"{round(rate * 1000)}/1000s"


def _targets(
    path: Path,
    count: int,
    *,
    method: str,
    url: str,
    token: str,
    bodies: Callable[[int], bytes] | None,
) -> None:
    header = {"Authorization": [f"Bearer {token}"], "Content-Type": ["application/json"]}
    with path.open("w") as f:
        for i in range(count):
            target: dict[str, Any] = {"method": method, "url": url, "header": header}
            if bodies is not None:
                target["body"] = base64.b64encode(bodies(i)).decode("ascii")
            f.write(json.dumps(target, separators=(",", ":")) + "\n")


def parse(report: str, rate: float) -> OpenResult:
    """An `OpenResult` from `vegeta report -type=json`.

    Latencies and durations are integers in ns; the percentiles are t-digest estimates;
    "errors" there lists distinct error strings (not a count); transport errors and timeouts
    have status code "0".
    """
    try:
        data = json.loads(report)
    except json.JSONDecodeError as e:
        raise RuntimeError(f"vegeta report said:\n{report}") from e
    requests = int(data["requests"])
    codes = {str(code): int(n) for code, n in (data.get("status_codes") or {}).items()}
    ok = sum(n for code, n in codes.items() if code.isdigit() and 200 <= int(code) < 300)
    latencies = data["latencies"]
    return OpenResult(
        rate=rate,
        seconds=int(data["duration"]) / 1e9,
        requests=requests,
        throughput=float(data["throughput"]),
        p50_ms=int(latencies["50th"]) / 1e6 if requests else float("nan"),
        p99_ms=int(latencies["99th"]) / 1e6 if requests else float("nan"),
        errors=requests - ok,
        status_codes=codes,
    )


def run(
    binary: str,
    *,
    method: str,
    url: str,
    token: str,
    rate: float,
    seconds: float,
    bodies: Callable[[int], bytes] | None = None,
) -> OpenResult:
    """Attack `url` at `rate` requests/s for `seconds`, then read vegeta's JSON report.

    Targets are written up front (rate*seconds plus a margin, so no body is sent twice);
    vegeta stops at `-duration` whatever is left.
    """
    count = math.ceil(rate * seconds) + math.ceil(rate) + 10
    with tempfile.TemporaryDirectory() as tmp:
        targets, results = Path(tmp) / "targets.jsonl", Path(tmp) / "results.bin"
        _targets(targets, count, method=method, url=url, token=token, bodies=bodies)
        attack = subprocess.run(
            [
                binary,
                "attack",
                "-format=json",
                f"-targets={targets}",
                f"-rate={_rate_flag(rate)}",
                f"-duration={max(round(seconds * 1000), 1)}ms",
                f"-max-workers={MAX_WORKERS}",
                f"-timeout={TIMEOUT_S}s",
                f"-output={results}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + TIMEOUT_S + 60,
            check=False,
        )
        if attack.returncode != 0:
            raise RuntimeError(f"vegeta attack failed (exit {attack.returncode}):\n{attack.stderr}")
        if results.stat().st_size == 0:  # `vegeta report` refuses an empty file
            nan = float("nan")
            return OpenResult(rate, 0.0, 0, 0.0, nan, nan, 0, {})
        report = subprocess.run(
            [binary, "report", "-type=json", str(results)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if report.returncode != 0:
            raise RuntimeError(f"vegeta report failed (exit {report.returncode}):\n{report.stderr}")
    return parse(report.stdout, rate)
