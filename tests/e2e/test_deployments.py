"""Deployments per council on one Kafka, and replicas of one service sharing its partitions."""

import asyncio
import json
import random
import time
import uuid
from typing import Any

import httpx

from shared.regions import is_known
from tests.conftest import token
from tests.helpers import eventually, headers_of, metric, publish_trade, read_many
from tests.platform import _skip_history, platform
from tests.stack import Stack


def _nib() -> str:
    return str(uuid.uuid4().int)[:13]


def _unclaimed_council() -> str:
    """A regency or city that neither the demo data nor any test registers, picked at random.

    `trade.ukm.registered` is shared by every deployment on the stack, and one of region `ID`
    that keeps the same council (the console tests' demo deployment keeps 33.75) takes the
    same records and publishes its own `member.registered` for them: the design's "one writer
    per council" holds only for a council that no other deployment keeps.
    """
    provinces = ("11", "12", "13", "14", "15", "16", "19", "21", "31", "32", "34", "35", "36")
    codes = [f"{p}.{n:02d}" for p in provinces for n in range(1, 100)]
    return random.choice([code for code in codes if is_known(code)])


def _members(url: str, region: str, q: str) -> list[dict[str, object]]:
    r = httpx.get(f"{url}/members", params={"q": q}, headers=token(region, "viewer"), timeout=10)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def _eventually(probe, timeout: float = 60):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := probe():
            return result
        time.sleep(0.3)
    raise AssertionError(f"not within {timeout}s")


async def test_each_deployment_keeps_its_own_councils_and_the_province_sees_its_cities(
    stack: Stack,
) -> None:
    tag = uuid.uuid4().hex[:6]
    for name, region in ((f"bkl{tag}", "17"), (f"pkl{tag}", "33.75")):  # earlier runs' records
        await _skip_history(stack, name, region, ("membership", "events"))
    with (
        platform(stack, f"bkl{tag}", "17", services=("membership", "events")) as province,
        platform(stack, f"pkl{tag}", "33.75", services=("membership", "events")) as city,
    ):
        for p, code in ((province, "17"), (province, "17.71"), (city, "33.75")):
            r = httpx.post(
                f"{p.urls['membership']}/councils",
                json={"code": code},
                headers=token("ID", "admin"),
            )
            assert r.status_code in (201, 409), r.text  # 409: made from a trade record
        pekalongan, bengkulu = _nib(), _nib()
        await publish_trade(
            stack.kafka, nib=pekalongan, name="Batik Kauman", region="33.75", category="batik"
        )
        await publish_trade(
            stack.kafka, nib=bengkulu, name="Besurek Kota", region="17.71", category="batik"
        )
        # each deployment takes only the records of its own scope
        _eventually(lambda: _members(city.urls["membership"], "ID", pekalongan))
        _eventually(lambda: _members(province.urls["membership"], "ID", bengkulu))
        await asyncio.sleep(2)  # give the other deployment every chance to (wrongly) take it
        assert _members(province.urls["membership"], "ID", pekalongan) == []
        assert _members(city.urls["membership"], "ID", bengkulu) == []

        # the province's agenda knows its city's business (from the topic), Pekalongan's does not
        member_id = _members(province.urls["membership"], "ID", bengkulu)[0]["id"]
        event = {
            "type": "exhibition",
            "title": "Pameran Besurek",
            "venue": "Benteng Marlborough",
            "starts_at": "2022-05-01T09:00:00+07:00",
            "ends_at": "2022-05-01T17:00:00+07:00",
        }
        r = httpx.post(
            f"{province.urls['events']}/events",
            headers=token("17"),
            json={**event, "council": "17"},
        )
        assert r.status_code == 201, r.text
        path = f"{province.urls['events']}/events/{r.json()['id']}/registrations"
        _eventually(
            lambda: (
                httpx.post(path, headers=token("17"), json={"member_id": member_id}).status_code
                == 201
            )
        )
        r = httpx.post(
            f"{city.urls['events']}/events",
            headers=token("33.75"),
            json={**event, "council": "33.75"},
        )
        city_path = f"{city.urls['events']}/events/{r.json()['id']}/registrations"
        refused = httpx.post(city_path, headers=token("33.75"), json={"member_id": member_id})
        assert refused.status_code == 422 and "member_id" in refused.json()["detail"]


async def test_two_replicas_share_the_partitions_and_apply_each_record_once(stack: Stack) -> None:
    deployment, council = f"rep{uuid.uuid4().hex[:6]}", _unclaimed_council()
    with (
        platform(stack, deployment, services=("membership",)) as first,
        platform(stack, deployment, services=("membership",)) as second,
    ):
        r = httpx.post(
            f"{first.urls['membership']}/councils",
            json={"code": council},
            headers=token("ID", "admin"),
        )
        assert r.status_code == 201, r.text
        nibs = {_nib() for _ in range(24)}
        for nib in nibs:
            await publish_trade(stack.kafka, nib=nib, name=f"UMKM {nib}", region=council)

        async def registered() -> list[Any]:
            return await read_many(
                stack.kafka,
                "member.registered",
                match=lambda rec: json.loads(rec.value).get("nib") in nibs,
                count=None,
            )

        async def every_nib_registered() -> list[Any]:  # a rebalance may delay some of them
            found = await registered()
            return found if {json.loads(r.value)["nib"] for r in found} == nibs else []

        records = await eventually(every_nib_registered, timeout=60)
        await asyncio.sleep(3)  # anything applied twice would show up by now
        again = await registered()
        assert len(records) <= len(again)
        members_per_nib: dict[str, set[str]] = {}
        for record in again:  # a republished event keeps its ce_id: count distinct effects
            body = json.loads(record.value)
            members_per_nib.setdefault(body["nib"], set()).add(body["member_id"])
        assert members_per_nib.keys() == nibs
        assert all(len(ids) == 1 for ids in members_per_nib.values()), members_per_nib
        assert len({headers_of(r)["ce_id"] for r in again}) == len(nibs)
        for replica in (first, second):  # each replica consumed some of the new records
            text = httpx.get(f"{replica.urls['membership']}/metrics").text
            assert metric(text, "messages_consumed_total", topic="trade.ukm.registered") > 0
