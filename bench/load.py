"""W1: closed-loop HTTP load with wrk (Debian's `wrk`, installed on first use).

Each of `clients` connections sends its next request as soon as the previous one answered.
Creates use a Lua script so that every request carries a fresh body (distinct names/times).
"""

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def ensure_wrk() -> str:
    """The wrk binary; installs the Debian package when missing (needs root)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("bench: installing wrk (apt-get install wrk)", flush=True)
    env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, env=env)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is not installed and could not be installed")
    return found


@dataclass(frozen=True)
class Result:
    """One wrk run."""

    clients: int
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unreadable latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse(output: str, clients: int) -> Result:
    """Throughput, p50, p99 and errors (non-2xx, connect/read/write errors, timeouts)."""
    done = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", output)
    if not done:
        raise RuntimeError(f"wrk said:\n{output}")
    seconds = float(done.group(2)) * _UNITS[done.group(3)] / 1e3
    pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non2xx.group(1)) if non2xx else 0
    requests = int(done.group(1))
    return Result(
        clients=clients,
        requests=requests,
        seconds=seconds,
        rps=requests / seconds if seconds else 0.0,
        p50_ms=_ms(pct["50"]) if requests and "50" in pct else float("nan"),
        p99_ms=_ms(pct["99"]) if requests and "99" in pct else float("nan"),
        errors=errors,
    )


def lua_post(path: str, body: str) -> str:
    """A wrk script that POSTs the JSON a Lua expression builds (`n` counts requests)."""
    return "\n".join(
        [
            "math.randomseed(os.time())",
            "n = 0",
            "request = function()",
            "  n = n + 1",
            f"  local body = {body}",
            f'  return wrk.format("POST", "{path}", nil, body)',
            "end",
        ]
    )


def run(
    wrk: str,
    url: str,
    *,
    token: str,
    clients: int,
    seconds: float,
    script: str | None = None,
) -> Result:
    """One closed-loop run of `seconds` with `clients` connections (one wrk thread)."""
    with tempfile.TemporaryDirectory() as tmp:
        args = [
            wrk,
            "-t1",
            f"-c{clients}",
            f"-d{max(int(seconds), 1)}s",
            "--timeout",
            "5s",
            "--latency",
            "-H",
            f"Authorization: Bearer {token}",
            "-H",
            "Content-Type: application/json",
        ]
        if script is not None:
            path = Path(tmp) / "post.lua"
            path.write_text(script)
            args += ["-s", str(path)]
        out = subprocess.run(
            [*args, url], capture_output=True, text=True, timeout=seconds + 60, check=False
        )
    return parse(out.stdout + out.stderr, clients)
