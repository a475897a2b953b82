"""Charts drawn on the server as inline SVG."""

import re

from console import charts, i18n, labels
from console.web import TEMPLATES


def test_a_trend_draws_one_point_per_evaluation_highest_at_the_top() -> None:
    template = TEMPLATES.from_string(
        '{% from "_charts.html" import trend %}{{ trend("Skor", v, s) }}'
    )
    svg = template.render(v=[1.0, 3.0, 2.0], s=["1", "3", "2"])
    points = re.search(r'points="([^"]+)"', svg)
    assert points is not None
    ys = [float(p.split(",")[1]) for p in points.group(1).split()]
    assert len(ys) == 3 and ys[1] < ys[2] < ys[0]  # SVG's y grows downwards
    assert 'aria-label="Skor: 1, 3, 2"' in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_bars_carry_their_numbers_as_text_longest_for_the_largest() -> None:
    i18n.use("id")
    rows = charts.bars({"kecil": 3, "mikro": 12}, labels.SCALES)
    call = '{{ c.bars("Menurut skala", rows, href="/anggota?scale=") }}'
    template = TEMPLATES.from_string('{% import "_charts.html" as c %}' + call)
    svg = template.render(rows=rows)
    bars = re.findall(
        r'data-key="(\w+)">.*?class="length"[^>]*width="([\d.]+)".*?class="value"[^>]*>([^<]+)<',
        svg,
        re.S,
    )
    assert bars == [("mikro", "320.0", "12"), ("kecil", "80.0", "3"), ("menengah", "0", "0")]
    assert 'href="/anggota?scale=mikro"' in svg
    assert "Mikro: 12" in svg  # each bar's <title>, read by screen readers
    assert [
        b.key for b in charts.bars({"batik": 0, "kayu": 2}, labels.CATEGORIES, zeros=False)
    ] == ["kayu"]


def test_budget_lines_are_summed_per_source() -> None:
    lines = [{"source": "APBD", "amount": 5}, {"source": "CSR", "amount": 2}]
    assert charts.by_source([*lines, {"source": "APBD", "amount": 1}]) == {"APBD": 6, "CSR": 2}


def test_a_kpi_history_is_drawn_as_steps_under_its_target() -> None:
    i18n.use("id")
    history = [
        {"at": "2026-03-01T02:00:00+00:00", "actual": 5},
        {"at": "2026-05-01T02:00:00Z", "actual": 12},
    ]
    chart = charts.kpi_steps(history, 40)
    assert chart is not None and charts.kpi_steps([], 40) is None
    template = TEMPLATES.from_string(
        '{% import "_charts.html" as c %}{{ c.steps("Peserta", chart, "orang") }}'
    )
    svg = template.render(chart=chart)
    dots = [
        (float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    ]
    assert len(dots) == 2 and dots[0][0] < dots[1][0] and dots[1][1] < dots[0][1]
    assert chart.target_y < dots[1][1]  # the target (40) above the latest actual (12)
    assert "1 Mar 2026: 5 orang" in svg and "Target 40" in svg
