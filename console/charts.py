"""The geometry of the server-drawn SVG charts (the templates in `_charts.html` draw it)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

WIDTH, HEIGHT, PAD = 300, 110, 16
LABEL_ROOM = 12  # above the plot, for the target's label


@dataclass(frozen=True)
class Bar:
    """One bar: its code, the label's msgid, its value and its length as a share of the longest."""

    key: str
    label: str
    value: float
    share: float


@dataclass(frozen=True)
class Step:
    """One recorded actual of a KPI, placed on the chart."""

    at: str
    actual: float
    x: float
    y: float


@dataclass(frozen=True)
class StepChart:
    """A KPI's actual over time as steps, with its target as a level line."""

    steps: list[Step]
    path: str
    target: float
    target_y: float


def bars(values: Mapping[str, float], names: Mapping[str, str], *, zeros: bool = True) -> list[Bar]:
    """Bars in the order of `names` (codes not named come last), scaled to the largest value."""
    order = [*names, *(k for k in values if k not in names)]
    kept = [k for k in order if values.get(k, 0) or (zeros and k in names)]
    top = max((values.get(k, 0) for k in kept), default=0) or 1
    return [Bar(k, names.get(k, k), values.get(k, 0), values.get(k, 0) / top) for k in kept]


def by_source(lines: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """A program's budget lines summed per funding source."""
    total: dict[str, float] = {}
    for line in lines:
        total[line["source"]] = total.get(line["source"], 0) + line["amount"]
    return total


def kpi_steps(history: Sequence[Mapping[str, Any]] | None, target: float) -> StepChart | None:
    """The steps of a KPI's history (oldest first) against its target; None without history."""
    if not history:
        return None
    times = [datetime.fromisoformat(h["at"]).timestamp() for h in history]
    span = (times[-1] - times[0]) or 1
    top = max([target, *(h["actual"] for h in history)]) or 1
    plot = HEIGHT - 2 * PAD - LABEL_ROOM

    def y(value: float) -> float:
        return round(HEIGHT - PAD - value / top * plot, 1)

    steps = [
        Step(
            h["at"],
            h["actual"],
            round(PAD + (t - times[0]) / span * (WIDTH - 2 * PAD), 1),
            y(h["actual"]),
        )
        for h, t in zip(history, times, strict=True)
    ]
    path = f"M{steps[0].x},{steps[0].y}" + "".join(f" H{s.x} V{s.y}" for s in steps[1:])
    return StepChart(steps, f"{path} H{WIDTH - PAD}", target, y(target))
