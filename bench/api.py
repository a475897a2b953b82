"""W1: a read-by-id and a create endpoint of each service, closed loop (wrk), open loop (vegeta)."""

import json
import random
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx

from bench import load, openloop
from bench.profile import Profile, record
from bench.stack import Deployment, token

CLIENTS = (1, 8, 32, 64)
RAW_READ, RAW_CREATE = "GET /docs/{id} (raw)", "POST /docs (raw)"
RAW_CHECKED = "GET /checked/{id} (raw + token + access line)"
RAW_BODY = """'{"council":"17","kind":"business","name":"UMKM raw ' .. n .. '"}'"""

MEMBER_BODY = (
    """'{"council":"17","kind":"business","name":"UMKM bench ' .. n .. '","""
    """"category":"batik","scale":"mikro"}'"""
)
PROGRAM_BODY = (
    """'{"council":"17","term_id":"term-bench","title":"Pelatihan batik ' .. n .. '","""
    """"category":"training"}'"""
)
EVENT_BODY = (
    """string.format('{"council":"17","type":"training","title":"Pelatihan %d","""
    """"starts_at":"%04d-%02d-%02dT09:00:00+07:00","ends_at":"%04d-%02d-%02dT12:00:00+07:00"}',"""
    """ n, y, m, d, y, m, d)"""
)
EVENT_LUA_PRELUDE = (
    "local y, m, d = 2020 + math.random(0, 9), math.random(1, 12), math.random(1, 28)"
)


@dataclass(frozen=True)
class Endpoint:
    """One endpoint under load."""

    service: str
    label: str
    path: str
    script: str | None = None


@dataclass(frozen=True)
class Cell:
    """The median of the repetitions at one client count."""

    endpoint: Endpoint
    clients: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


class _Patient(httpx.HTTPTransport):
    """Tries a request again while the service answers 503 (a busy store after W4), 10 times."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for _ in range(10):
            response = super().handle_request(request)
            if response.status_code != 503:
                return response
            response.close()
            time.sleep(3)
        return response


def seed(deployment: Deployment) -> dict[str, str]:
    """A council, and one member, program and event to read back; returns their ids."""
    headers = {"Authorization": f"Bearer {token()}"}
    ids: dict[str, str] = {}
    with httpx.Client(headers=headers, timeout=30, transport=_Patient()) as http:
        r = http.post(f"{deployment.url('membership')}/councils", json={"code": "17"})
        if r.status_code not in (201, 409):
            raise RuntimeError(f"POST /councils: {r.status_code} {r.text}")
        r = http.post(
            f"{deployment.url('membership')}/members",
            json={"council": "17", "kind": "person", "name": "Ibu Bench"},
        )
        r.raise_for_status()
        ids["member"] = r.json()["id"]
        r = http.post(
            f"{deployment.url('programs')}/programs",
            json={"council": "17", "term_id": "term-bench", "title": "P", "category": "training"},
        )
        r.raise_for_status()
        ids["program"] = r.json()["id"]
        r = http.post(
            f"{deployment.url('events')}/events",
            json={
                "council": "17",
                "type": "training",
                "title": "Pelatihan",
                "starts_at": "2019-05-01T09:00:00+07:00",
                "ends_at": "2019-05-01T12:00:00+07:00",
            },
        )
        r.raise_for_status()
        ids["event"] = r.json()["id"]
    return ids


def endpoints(ids: dict[str, str]) -> list[Endpoint]:
    """The six endpoints: reads of the seeded ids, creates with a fresh body per request."""
    event_script = load.lua_post("/events", EVENT_BODY).replace(
        "  local body =", f"  {EVENT_LUA_PRELUDE}\n  local body ="
    )
    return [
        Endpoint("membership", "GET /members/{id}", f"/members/{ids['member']}"),
        Endpoint("programs", "GET /programs/{id}", f"/programs/{ids['program']}"),
        Endpoint("events", "GET /events/{id}", f"/events/{ids['event']}"),
        Endpoint("membership", "POST /members", "/members", load.lua_post("/members", MEMBER_BODY)),
        Endpoint(
            "programs", "POST /programs", "/programs", load.lua_post("/programs", PROGRAM_BODY)
        ),
        Endpoint("events", "POST /events", "/events", event_script),
    ]


def raw_endpoints(raw_id: str, when: str = "") -> list[Endpoint]:
    """The baseline's read and create (`bench.rawapp`); `when` tells a second measurement apart."""
    return [
        Endpoint("raw", RAW_READ + when, f"/docs/{raw_id}"),
        Endpoint("raw", RAW_CHECKED + when, f"/checked/{raw_id}"),
        Endpoint("raw", RAW_CREATE + when, "/docs", load.lua_post("/docs", RAW_BODY)),
    ]


def run(
    deployment: Deployment,
    ids: dict[str, str],
    *,
    seconds: float,
    reps: int,
    clients_list: tuple[int, ...] = CLIENTS,
) -> list[Cell]:
    """The baseline, every endpoint of ours, the baseline again: each at every client count,
    `reps` times; the median repetition by throughput."""
    wrk = load.ensure_wrk()
    bearer = token()
    cells: list[Cell] = []
    order = [*raw_endpoints(ids["raw"]), *endpoints(ids), *raw_endpoints(ids["raw"], ", after")]
    for ep in order:
        url = deployment.url(ep.service) + ep.path
        load.run(wrk, url, token=bearer, clients=8, seconds=2, script=ep.script)  # warm-up
        for clients in clients_list:
            results = [
                load.run(wrk, url, token=bearer, clients=clients, seconds=seconds, script=ep.script)
                for _ in range(reps)
            ]
            mid = sorted(results, key=lambda r: r.rps)[len(results) // 2]
            cells.append(
                Cell(
                    endpoint=ep,
                    clients=clients,
                    rps=statistics.median(r.rps for r in results),
                    p50_ms=statistics.median(r.p50_ms for r in results),
                    p99_ms=statistics.median(r.p99_ms for r in results),
                    errors=sum(r.errors for r in results),
                    requests=sum(r.requests for r in results),
                )
            )
            print(
                f"  W1 {ep.label:22} c={clients:<3} {mid.rps:8.0f} req/s "
                f"p50 {cells[-1].p50_ms:7.1f} ms p99 {cells[-1].p99_ms:7.1f} ms "
                f"errors {cells[-1].errors}",
                flush=True,
            )
    return cells


def baseline(cells: list[Cell], label: str, clients: int = 32) -> float:
    """The baseline's throughput at `clients`: the higher of its runs before and after ours."""
    return max(
        (c.rps for c in cells if c.endpoint.label.startswith(label) and c.clients == clients),
        default=float("nan"),
    )


def _member_body(i: int) -> bytes:
    body = {"council": "17", "kind": "business", "name": f"UMKM open {i}", "category": "batik"}
    return json.dumps({**body, "scale": "mikro"}).encode()


def _raw_body(i: int) -> bytes:
    return json.dumps({"council": "17", "kind": "business", "name": f"UMKM raw {i}"}).encode()


def _program_body(i: int) -> bytes:
    body = {"council": "17", "term_id": "term-bench", "title": f"Pelatihan open {i}"}
    return json.dumps({**body, "category": "training"}).encode()


def _event_body(i: int) -> bytes:
    rnd = random.Random(i)
    day = f"{2030 + rnd.randint(0, 9)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    body = {"council": "17", "type": "training", "title": f"Pelatihan open {i}"}
    times = {"starts_at": f"{day}T09:00:00+07:00", "ends_at": f"{day}T12:00:00+07:00"}
    return json.dumps({**body, **times}).encode()


BODIES: dict[str, Callable[[int], bytes]] = {
    RAW_CREATE: _raw_body,
    "POST /members": _member_body,
    "POST /programs": _program_body,
    "POST /events": _event_body,
}


@dataclass(frozen=True)
class OpenCell:
    """One endpoint at one arrival rate."""

    endpoint: Endpoint
    result: openloop.OpenResult


def run_open(
    deployment: Deployment, ids: dict[str, str], *, seconds: float, read_rate: int, create_rate: int
) -> list[OpenCell]:
    """Every endpoint and the baseline at a fixed arrival rate (vegeta): half the baseline's
    closed-loop throughput, reads and creates each; what queueing does to latency."""
    vegeta = openloop.ensure_vegeta()
    bearer = token()
    cells: list[OpenCell] = []
    for ep in [*raw_endpoints(ids["raw"]), *endpoints(ids)]:
        bodies = BODIES.get(ep.label)
        for rate in (create_rate if bodies else read_rate,):
            result = openloop.run(
                vegeta,
                method="POST" if bodies else "GET",
                url=deployment.url(ep.service) + ep.path,
                token=bearer,
                rate=rate,
                seconds=seconds,
                bodies=bodies,
            )
            cells.append(OpenCell(endpoint=ep, result=result))
            print(
                f"  W1 open {ep.label:22} {rate:5}/s -> {result.throughput:7.0f}/s ok"
                f" p50 {result.p50_ms:7.1f} ms p99 {result.p99_ms:7.1f} ms"
                f" errors {result.errors}/{result.requests}",
                flush=True,
            )
    return cells


def profiles(deployment: Deployment, ids: dict[str, str], seconds: float = 8) -> list[Profile]:
    """py-spy on the service while wrk drives a read and a create at 32 clients."""
    wrk, bearer = load.ensure_wrk(), token()
    out: list[Profile] = []
    for ep in endpoints(ids):
        if ep.label not in ("GET /members/{id}", "POST /members", "POST /events"):
            continue
        url = deployment.url(ep.service) + ep.path
        with ThreadPoolExecutor(1) as pool:
            driving = pool.submit(
                load.run, wrk, url, token=bearer, clients=32, seconds=seconds + 2, script=ep.script
            )
            time.sleep(1)
            pid = deployment.procs[ep.service].pid
            out.append(record(pid, seconds, f"{ep.service} under `{ep.label}`, 32 clients"))
            driving.result()
    return out
