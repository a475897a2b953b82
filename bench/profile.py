"""Where a service spends its time under load: py-spy samples, summed by function.

`record` attaches to a running service for a few seconds (no restart, no instrumentation) and
returns the functions that were on the CPU most often, by self time and by total time.
"""

import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Profile:
    """Shares of the samples (0..1), by the frame on top and by any frame on the stack."""

    label: str
    samples: int = 0
    self_share: list[tuple[str, float]] = field(default_factory=list)
    total_share: list[tuple[str, float]] = field(default_factory=list)
    error: str = ""


def _frame(raw: str) -> str:
    """`fn (path/to/module.py:12)` -> `fn (module.py)`: lines merged, paths shortened."""
    name, _, where = raw.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    parts = Path(path).parts
    for anchor in ("site-packages", "services", "shared", "lib"):
        if anchor in parts:
            parts = parts[parts.index(anchor) + (1 if anchor in ("site-packages", "lib") else 0) :]
            break
    return f"{name} ({'/'.join(parts[-3:])})"


def record(pid: int, seconds: float, label: str, top: int = 12) -> Profile:
    """Sample `pid` for `seconds` (py-spy, 200 Hz, idle threads left out)."""
    result = Profile(label=label)
    spy = shutil.which("py-spy") or str(Path(__file__).resolve().parents[1] / ".venv/bin/py-spy")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "stacks.txt"
        args = ["--pid", str(pid), "--duration", str(int(seconds)), "--rate", "200"]
        run = subprocess.run(
            [spy, "record", *args, "--format", "raw", "--output", str(out), "--nonblocking"],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0 or not out.exists():
            said = (run.stderr or run.stdout).strip().splitlines()
            result.error = said[-1] if said else f"py-spy exited {run.returncode}"
            return result
        own: Counter[str] = Counter()
        anywhere: Counter[str] = Counter()
        for line in out.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = [_frame(f) for f in stack.split(";") if f]
            n = int(count)
            result.samples += n
            if frames:
                own[frames[-1]] += n
            for frame in set(frames):
                anywhere[frame] += n
    if result.samples:
        result.self_share = [(f, c / result.samples) for f, c in own.most_common(top)]
        result.total_share = [(f, c / result.samples) for f, c in anywhere.most_common(top * 3)]
    return result
