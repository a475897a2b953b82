"""Charts drawn on the server as inline SVG."""

import re

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
