"""One endpoint under wrk at 32 clients with py-spy attached: a profile before and after a change.

    python -m bench.hotpath [--seconds S] [--out FILE]

Uses the benchmark's own devstack (started if it is not up; never the shared one), starts
membership, seeds one member, drives `GET /members/{id}` and prints wrk's figures, the load
average before and after and the top frames (self and total) as Markdown.
"""

import argparse
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from bench import load, stack
from bench.profile import Profile, record
from bench.report import profile_lines


def seed_member(deployment: stack.Deployment) -> str:
    """A council and one member of it; returns the member's id."""
    headers = {"Authorization": f"Bearer {stack.token()}"}
    with httpx.Client(headers=headers, timeout=30) as http:
        base = deployment.url("membership")
        r = http.post(f"{base}/councils", json={"code": "17"})
        if r.status_code not in (201, 409):
            raise RuntimeError(f"POST /councils: {r.status_code} {r.text}")
        body = {"council": "17", "kind": "person", "name": "Ibu Bench"}
        r = http.post(f"{base}/members", json=body)
        r.raise_for_status()
        return str(r.json()["id"])


def drive(url: str, pid: int, seconds: float, label: str) -> tuple[load.Result, Profile]:
    """wrk at 32 clients for `seconds` + 2 while py-spy samples `pid` for `seconds`."""
    wrk, bearer = load.ensure_wrk(), stack.token()
    load.run(wrk, url, token=bearer, clients=8, seconds=2)  # warm-up
    with ThreadPoolExecutor(1) as pool:
        driving = pool.submit(load.run, wrk, url, token=bearer, clients=32, seconds=seconds + 2)
        time.sleep(1)
        profile = record(pid, seconds, label)
        return driving.result(), profile


def main() -> None:
    """Profile membership under `GET /members/{id}` at 32 clients."""
    parser = argparse.ArgumentParser(prog="python -m bench.hotpath", description=__doc__)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--label", default="membership under `GET /members/{id}`, 32 clients")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    stack.devstack("up")
    before = os.getloadavg()
    deployment = stack.Deployment(name=f"benchhot{uuid.uuid4().hex[:6]}")
    try:
        deployment.start("membership")
        deployment.wait_ready("membership")
        member = seed_member(deployment)
        url = f"{deployment.url('membership')}/members/{member}"
        result, profile = drive(url, deployment.procs["membership"].pid, args.seconds, args.label)
    finally:
        deployment.stop()
    after = os.getloadavg()
    lines = [
        f"Load average before {before[0]:.2f} / {before[1]:.2f} / {before[2]:.2f},"
        f" after {after[0]:.2f} / {after[1]:.2f} / {after[2]:.2f}.",
        f"wrk 32 clients: {result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} ms,"
        f" p99 {result.p99_ms:.1f} ms, errors {result.errors} / {result.requests}.",
        "",
        *profile_lines(profile),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
