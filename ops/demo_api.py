"""The public HTTP APIs as the demo uses them: look first, then write; wait out read models."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from services import SERVICES
from shared.settings import ServiceSettings
from shared.tokens import issue_token


class DemoError(RuntimeError):
    """The platform answered something the demo cannot go on from."""


class _Local(ServiceSettings):
    service = "local"


class Api:
    """Clients of the three services with tokens of the councils' secretariats."""

    def __init__(self, urls: dict[str, str], secret: str, *, timeout_s: float = 90) -> None:
        self._clients = {
            name: httpx.AsyncClient(base_url=url, timeout=20) for name, url in urls.items()
        }
        self._secret = secret
        self._timeout = timeout_s

    @classmethod
    def local(cls, base: str = "http://127.0.0.1") -> "Api":
        """The services of `dekranasda up`, with the secret from the environment."""
        urls = {name: f"{base}:{port}" for name, port in SERVICES.items()}
        return cls(urls, _Local().jwt_secret.get_secret_value())

    async def close(self) -> None:
        """Close the HTTP clients."""
        for client in self._clients.values():
            await client.aclose()

    def _auth(self, region: str, role: str) -> dict[str, str]:
        token = issue_token(secret=self._secret, region=region, roles=[role], sub="demo")
        return {"Authorization": f"Bearer {token}"}

    async def call(
        self,
        service: str,
        method: str,
        path: str,
        *,
        region: str,
        role: str = "secretariat",
        **kwargs: Any,
    ) -> httpx.Response:
        """One request as a council's secretariat (or admin)."""
        return await self._clients[service].request(
            method, path, headers=self._auth(region, role), **kwargs
        )

    async def until(
        self, attempt: Callable[[], Awaitable[httpx.Response]], *, ok: set[int], wait_on: set[int]
    ) -> httpx.Response:
        """Repeat a request while a read model catches up (answers in `wait_on`)."""
        deadline = time.monotonic() + self._timeout
        while True:
            response = await attempt()
            if response.status_code in ok:
                return response
            if response.status_code not in wait_on or time.monotonic() > deadline:
                raise DemoError(
                    f"{response.request.method} {response.request.url.path}: "
                    f"{response.status_code} {response.text}"
                )
            await asyncio.sleep(0.3)

    async def items(
        self, service: str, path: str, *, region: str, **params: Any
    ) -> list[dict[str, Any]]:
        """Every item of a list (the demo's lists fit in one capped page)."""
        r = await self.call(service, "GET", path, region=region, params={**params, "size": 200})
        _expect(r, 200)
        items: list[dict[str, Any]] = r.json()["items"]
        return items

    async def every(
        self, service: str, path: str, *, region: str, **params: Any
    ) -> list[dict[str, Any]]:
        """Every item of a list, page by page."""
        found: list[dict[str, Any]] = []
        for page in range(1, 10_000):
            r = await self.call(
                service, "GET", path, region=region, params={**params, "size": 200, "page": page}
            )
            _expect(r, 200)
            body = r.json()
            found += body["items"]
            if not body["items"] or len(found) >= body["total"]:
                return found
        return found

    async def ensure_council(self, code: str, bidang: list[str]) -> None:
        """The council, created by an admin if missing."""
        r = await self.call("membership", "GET", f"/councils/{code}", region="ID", role="admin")
        if r.status_code == 404:
            r = await self.call(
                "membership",
                "POST",
                "/councils",
                region="ID",
                role="admin",
                json={"code": code, "bidang": bidang},
            )
            _expect(r, 201, 409)

    async def ensure_member(self, council: str, spec: dict[str, Any]) -> str:
        """A member by its stable key (a business's NIB, a person's demo e-mail), registered if
        missing; returns its id. Names are never looked at: users rename members."""
        body = {k: v for k, v in spec.items() if k != "key"}
        found = await self._member_by_key(council, body)
        if found is not None:
            return found
        r = await self.call("membership", "POST", "/members", region=council, json=body)
        _expect(r, 201)
        return str(r.json()["id"])

    async def _member_by_key(self, region: str, body: dict[str, Any]) -> str | None:
        if body.get("nib"):
            found = await self.items(
                "membership", "/members", region=region, council=body["council"], q=body["nib"]
            )
            return next((str(m["id"]) for m in found if m["nib"] == body["nib"]), None)
        persons = await self.every(
            "membership", "/members", region=region, council=body["council"], kind="person"
        )
        marked = next((m for m in persons if m["email"] == body["email"]), None)
        if marked is not None:
            return str(marked["id"])
        # a person an earlier demo version registered without the mark: mark it now
        unmarked = next((m for m in persons if not m["email"] and m["name"] == body["name"]), None)
        if unmarked is None:
            return None
        path = f"/members/{unmarked['id']}"
        r = await self.call(
            "membership", "PATCH", path, region=region, json={"email": body["email"]}
        )
        _expect(r, 200)
        return str(unmarked["id"])

    async def ensure_term(self, region: str, spec: dict[str, Any], ids: dict[str, str]) -> str:
        """A board term by council and start, drafted with its board if missing."""
        for term in await self.items(
            "membership", "/terms", region=region, council=spec["council"]
        ):
            if term["period_start"] == spec["period_start"]:
                return str(term["id"])
        positions = [
            {"title": p["title"], "bidang": p.get("bidang"), "member_id": ids[p["member"]]}
            for p in spec["positions"]
        ]
        body = {k: v for k, v in spec.items() if k != "positions"} | {"positions": positions}
        r = await self.call("membership", "POST", "/terms", region=region, json=body)
        _expect(r, 201)
        return str(r.json()["id"])

    async def wait_term_inaugurated(self, region: str, term_id: str) -> None:
        """Wait until membership has inaugurated the term (from `event.concluded`)."""
        deadline = time.monotonic() + self._timeout
        while time.monotonic() < deadline:
            r = await self.call("membership", "GET", f"/terms/{term_id}", region=region)
            _expect(r, 200)
            if r.json()["status"] != "draft":
                return
            await asyncio.sleep(0.3)
        raise DemoError(f"term {term_id} was not inaugurated within {self._timeout}s")

    async def ensure_event(self, region: str, spec: dict[str, Any]) -> dict[str, Any]:
        """An agenda item by title on its day, scheduled if missing."""
        day = spec["starts_at"][:10]
        for event in await self.items(
            "events",
            "/events",
            region=region,
            council=spec["council"],
            type=spec["type"],
            **{"from": day, "to": day},
        ):
            if event["title"] == spec["title"]:
                return event
        body = {k: v for k, v in spec.items() if k not in ("key", "program", "attendees")}
        r = await self.until(
            lambda: self.call("events", "POST", "/events", region=region, json=body),
            ok={201},
            wait_on={422},
        )
        created: dict[str, Any] = r.json()  # the event, with venue-overlap warnings
        return created

    async def attend(self, region: str, event: dict[str, Any], member_ids: list[str]) -> None:
        """Register members and check them in (an event not yet concluded)."""
        if event["status"] != "scheduled":
            return
        path = f"/events/{event['id']}"
        for member_id in member_ids:

            def register(m: str = member_id) -> Awaitable[httpx.Response]:
                return self.call(
                    "events", "POST", f"{path}/registrations", region=region, json={"member_id": m}
                )

            await self.until(
                register,
                ok={200, 201, 409},
                wait_on={422},
            )
            r = await self.call(
                "events", "POST", f"{path}/check-ins", region=region, json={"member_id": member_id}
            )
            _expect(r, 200, 201)

    async def conclude(
        self, region: str, event: dict[str, Any], attendee_ids: list[str] | None
    ) -> None:
        """Conclude an event that is still scheduled."""
        if event["status"] == "scheduled":
            r = await self.call(
                "events",
                "POST",
                f"/events/{event['id']}/conclude",
                region=region,
                json={"attendee_ids": attendee_ids},
            )
            _expect(r, 200)

    async def ensure_program(
        self, region: str, term_id: str, spec: dict[str, Any], origin: str | None
    ) -> dict[str, Any]:
        """A work program by title in its term; created, approved and started as planned."""
        program = next(
            (
                p
                for p in await self.items(
                    "programs", "/programs", region=region, council=region, term_id=term_id
                )
                if p["title"] == spec["title"]
            ),
            None,
        )
        if program is None:
            body = {k: v for k, v in spec.items() if k not in ("key", "origin", "start")}
            body |= {"council": region, "term_id": term_id, "origin_event_id": origin}
            r = await self.call("programs", "POST", "/programs", region=region, json=body)
            _expect(r, 201)
            program = r.json()
        path = f"/programs/{program['id']}"
        if program["status"] == "draft":  # approval waits until the term is known inaugurated
            r = await self.until(
                lambda: self.call("programs", "POST", f"{path}/approve", region=region),
                ok={200},
                wait_on={409, 422},
            )
            program = r.json()
        if spec.get("start") and program["status"] == "approved":
            r = await self.call("programs", "POST", f"{path}/start", region=region)
            _expect(r, 200)
            program = r.json()
        return program

    async def ensure_enrolment(
        self, region: str, program_id: str, member_id: str, enrolled_on: str
    ) -> None:
        """A business enrolled in a program (UKM binaan)."""
        await self.until(
            lambda: self.call(
                "programs",
                "POST",
                f"/programs/{program_id}/beneficiaries",
                region=region,
                json={"member_id": member_id, "enrolled_on": enrolled_on},
            ),
            ok={201, 409},
            wait_on={422},
        )

    async def ensure_evaluation(
        self, region: str, program_id: str, member_id: str, spec: dict[str, Any]
    ) -> None:
        """A monev evaluation on its date, recorded if missing."""
        r = await self.call("programs", "GET", f"/members/{member_id}/evaluations", region=region)
        _expect(r, 200)
        rows: list[dict[str, Any]] = r.json()["evaluations"]
        if any(e["evaluated_on"] == spec["evaluated_on"] for e in rows):
            return
        payload = {
            "program_id": program_id,
            "member_id": member_id,
            **{
                k: v
                for k, v in spec.items()
                if k in ("evaluated_on", "score", "indicators", "notes")
            },
        }
        r = await self.call("programs", "POST", "/evaluations", region=region, json=payload)
        _expect(r, 201)


def _expect(response: httpx.Response, *codes: int) -> None:
    if response.status_code not in codes:
        raise DemoError(
            f"{response.request.method} {response.request.url.path}: "
            f"{response.status_code} {response.text}"
        )
