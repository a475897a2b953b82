"""The alert rules and the Grafana dashboard use only metrics the services export."""

import importlib
import json
import re
from pathlib import Path

import yaml  # type: ignore[import-untyped]
from prometheus_client import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "ops" / "monitoring"
PROMETHEUS_OWN = {"up"}  # recorded by Prometheus itself for every scrape target
KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "le"}
_LABELS = re.compile(r"\{[^}]*\}")
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring)\s*\([^)]*\)")
_RANGE = re.compile(r"\[[^\]]*\]")
_NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")


def exported() -> set[str]:
    """Every metric name (with _total, _bucket, ...) after the three services' apps are built."""
    for service in ("membership", "programs", "events"):
        importlib.import_module(f"services.{service}.app").create_app()
    return set(REGISTRY._names_to_collectors)


def metrics_in(expr: str) -> set[str]:
    """The metric names a PromQL expression reads."""
    bare = _RANGE.sub("", _GROUPING.sub("", _LABELS.sub("", expr)))
    names = {
        m.group() for m in _NAME.finditer(bare) if not bare[m.end() :].lstrip().startswith("(")
    }
    return {n for n in names if n not in KEYWORDS and not n.isdigit()}


def expressions() -> dict[str, str]:
    """Each alert's and each dashboard panel's expression, by where it is."""
    found: dict[str, str] = {}
    for group in yaml.safe_load((MONITORING / "alerts.yml").read_text())["groups"]:
        for rule in group["rules"]:
            found[f"alert {rule['alert']}"] = rule["expr"]
    dashboard = json.loads((MONITORING / "grafana" / "dashboards" / "dekranasda.json").read_text())
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            found[f"panel {panel['title']}"] = target["expr"]
    return found


def test_every_metric_the_rules_and_the_dashboard_use_is_exported() -> None:
    names = exported() | PROMETHEUS_OWN
    used = {where: metrics_in(expr) for where, expr in expressions().items()}
    assert all(used.values()), used
    unknown = {where: sorted(m - names) for where, m in used.items() if m - names}
    assert not unknown, unknown


def test_the_rules_cover_what_an_operator_must_hear_about() -> None:
    used = set().union(*(metrics_in(e) for w, e in expressions().items() if w.startswith("alert")))
    assert {
        "consumer_lag",
        "dead_letter_records",
        "outbox_backlog",
        "outbox_oldest_pending_age_seconds",
        "http_request_duration_seconds_count",
        "service_ready",
    } <= used


def test_the_metric_extraction_sees_through_promql() -> None:
    expr = 'sum by (service) (rate(http_x_count{status=~"5.."}[5m])) / on (a) up > 0.05'
    assert metrics_in(expr) == {"http_x_count", "up"}


def test_prometheus_scrapes_the_three_services_and_loads_the_rules() -> None:
    config = yaml.safe_load((MONITORING / "prometheus.yml").read_text())
    assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]
    targets = config["scrape_configs"][0]["static_configs"][0]["targets"]
    assert targets == ["membership:8001", "programs:8002", "events:8003"]
