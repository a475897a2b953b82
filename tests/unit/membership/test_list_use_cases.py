"""The list and export use cases on the fakes: scope first, then the query; the injected clock."""

from datetime import UTC, date, datetime

import pytest

from services.membership import handlers
from services.membership.domain import Member, Term
from shared.aggregate import Forbidden, NotFound
from shared.auth import Caller
from tests.fakes.membership import FakeMembers, FakeMembership, membership

NOW = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
SECRETARIAT_33 = Caller(sub="s", region="33", roles=frozenset({"secretariat"}))
VIEWER_3375 = Caller(sub="v", region="33.75", roles=frozenset({"viewer"}))


class NoSearch(FakeMembers):
    """Members whose search must not run."""

    async def search(self, **_: object) -> tuple[list[Member], int]:
        raise AssertionError("searched before checking access")


def _uow() -> FakeMembership:
    u = membership("ID", councils=("17", "33", "33.75", "33.74"), clock=lambda: NOW)
    for council, name in (("33.75", "Batik Jetayu"), ("33.74", "Batik Pesisir"), ("17", "Besurek")):
        u.members.put(Member.register(council=council, kind="person", name=name, now=NOW))
    for council in ("33.75", "17"):
        term = Term.draft(
            council=council, period_start=date(2021, 3, 1), period_end=date(2026, 3, 1), now=NOW
        )
        u.terms.put(term)
    return u


async def test_a_council_outside_the_scope_is_an_empty_page_without_a_search() -> None:
    u = _uow()
    u.members = NoSearch(u.members.items.values())
    found = await handlers.list_members(
        u,
        caller=SECRETARIAT_33,
        skip=0,
        limit=10,
        council="17",
        kind=None,
        category=None,
        scale=None,
        text=None,
    )
    assert found == ([], 0)


async def test_members_terms_and_councils_are_listed_within_the_callers_scope() -> None:
    u = _uow()
    members, total = await handlers.list_members(
        u,
        caller=SECRETARIAT_33,
        skip=0,
        limit=10,
        council=None,
        kind=None,
        category=None,
        scale=None,
        text="batik",
    )
    assert total == 2 and {m.council for m in members} == {"33.75", "33.74"}
    terms, total = await handlers.list_terms(
        u, caller=SECRETARIAT_33, skip=0, limit=10, council=None, status="draft"
    )
    assert [t.council for t in terms] == ["33.75"] and total == 1
    assert await handlers.list_terms(
        u, caller=VIEWER_3375, skip=0, limit=10, council="17", status=None
    ) == ([], 0)
    councils, total = await handlers.list_councils(
        u, caller=SECRETARIAT_33, skip=0, limit=10, parent="33"
    )
    assert [c.code for c in councils] == ["33.74", "33.75"] and total == 2


async def test_an_export_is_refused_before_anything_is_read() -> None:
    u = _uow()
    with pytest.raises(NotFound):
        handlers.export_members(
            u,
            caller=SECRETARIAT_33,
            council="17",
            contacts=False,
            kind=None,
            category=None,
            scale=None,
        )
    with pytest.raises(Forbidden):
        handlers.export_members(
            u,
            caller=VIEWER_3375,
            council=None,
            contacts=True,
            kind=None,
            category=None,
            scale=None,
        )
    scope, found = handlers.export_members(
        u, caller=VIEWER_3375, council=None, contacts=False, kind=None, category=None, scale=None
    )
    assert scope == "33.75" and [d["name"] async for d in found] == ["Batik Jetayu"]


async def test_use_cases_take_the_time_from_the_unit_of_work() -> None:
    u = _uow()
    admin = Caller(sub="a", region="ID", roles=frozenset({"admin"}))
    council = await handlers.create_council(u, caller=admin, code="35", bidang=[])
    assert council.created_at == NOW and council.revision == 1
