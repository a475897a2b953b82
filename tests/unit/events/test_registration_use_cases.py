"""Registrations, check-ins, conclusion and feed keys as use cases on in-memory fakes."""

from datetime import UTC, datetime

import pytest

from services.events.domain import Event
from services.events.feedkeys import handlers as feed_keys
from services.events.handlers import registrations, scheduling
from shared.aggregate import DomainError, NotFound
from shared.auth import Caller, Unauthenticated
from tests.fakes.events import NOW, FakeClock, FakeEvents, agenda

DOOR = Caller(sub="panitia", region="33.75", roles=frozenset({"secretariat"}))
REGISTERED = datetime(2021, 10, 20, tzinfo=UTC)


def training(capacity: int | None = 1) -> Event:
    return Event.schedule(
        id="pelatihan",
        council="33.75",
        type="training",
        title="Pelatihan UMKM batik",
        starts_at=datetime(2021, 11, 2, 1, tzinfo=UTC),
        ends_at=datetime(2021, 11, 2, 8, tzinfo=UTC),
        capacity=capacity,
    )


async def test_a_registration_is_stamped_by_the_clock_and_named() -> None:
    uow, store, views = agenda(training(), clock=FakeClock(REGISTERED))
    member = views.member_of("33.75", "m1", "Inggit")
    entry = await registrations.register(uow, caller=DOOR, event_id="pelatihan", member_id=member)
    assert entry.registration.registered_at == REGISTERED and entry.names == {"m1": "Inggit"}
    stored = await store.get("pelatihan")
    assert stored is not None and stored.registrations == [entry.registration]


async def test_an_unknown_or_out_of_scope_member_is_refused_on_member_id() -> None:
    uow, store, views = agenda(training())
    views.member_of("17", "m-bengkulu", "Rahmi")
    for member_id in ("ghost", "m-bengkulu"):
        with pytest.raises(DomainError) as refused:
            await registrations.register(
                uow, caller=DOOR, event_id="pelatihan", member_id=member_id
            )
        assert refused.value.field == "member_id"
    assert store.items["pelatihan"].registrations == []


async def test_a_cancellation_promotes_the_first_waitlisted_by_name() -> None:
    uow, _, views = agenda(training(capacity=1))
    for member_id, name in (("a", "Ani"), ("b", "Budi")):
        views.member_of("33.75", member_id, name)
        await registrations.register(uow, caller=DOOR, event_id="pelatihan", member_id=member_id)
    moved = await registrations.cancel_registration(
        uow, caller=DOOR, event_id="pelatihan", member_id="a"
    )
    assert moved is not None and moved.registration.status == "confirmed"
    assert moved.names == {"b": "Budi"}
    nobody = await registrations.cancel_registration(
        uow, caller=DOOR, event_id="pelatihan", member_id="b"
    )
    assert nobody is None


async def test_check_in_opens_on_the_day_by_the_clock() -> None:
    clock = FakeClock(REGISTERED)
    uow, _, views = agenda(training(), clock=clock)
    views.member_of("33.75", "a", "Ani")
    await registrations.register(uow, caller=DOOR, event_id="pelatihan", member_id="a")
    with pytest.raises(DomainError) as early:
        await registrations.check_in(uow, caller=DOOR, event_id="pelatihan", member_id="a")
    assert early.value.field == "checked_in_at"
    clock.now = NOW
    entry = await registrations.check_in(uow, caller=DOOR, event_id="pelatihan", member_id="a")
    assert entry.registration.checked_in_at == NOW


class RacedOnce(FakeEvents):
    """Another process saves the event once, just before this process does."""

    raced = False

    async def save(self, aggregate: Event) -> None:
        if not self.raced:
            self.raced = True
            self.items[aggregate.id].revision += 1
        await super().save(aggregate)


async def test_a_save_that_lost_a_race_is_retried_afresh() -> None:
    uow, _, views = agenda(clock=FakeClock(REGISTERED))
    uow.events = store = RacedOnce([training()])
    views.member_of("33.75", "a", "Ani")
    await registrations.register(uow, caller=DOOR, event_id="pelatihan", member_id="a")
    assert store.raced and [r.member_id for r in store.items["pelatihan"].registrations] == ["a"]


async def test_a_conclusion_names_an_unknown_attendee_by_index() -> None:
    uow, _, views = agenda(training())
    views.member_of("33.75", "a", "Ani")
    with pytest.raises(DomainError) as refused:
        await scheduling.conclude_event(
            uow, caller=DOOR, event_id="pelatihan", attendee_ids=["a", "ghost"]
        )
    assert refused.value.field == "attendee_ids[1]"
    shown = await scheduling.conclude_event(
        uow, caller=DOOR, event_id="pelatihan", attendee_ids=["a"]
    )
    assert shown.event.status == "concluded" and shown.names == {"a": "Ani"}


async def test_a_feed_key_reads_its_councils_feed_until_revoked() -> None:
    uow, _, _ = agenda(clock=FakeClock(NOW))
    doc, key = await feed_keys.create_feed_key(uow, caller=DOOR, code="33.75")
    assert doc["created_at"] == NOW
    reader = await feed_keys.feed_reader(uow, code="33.75", key=key)
    assert (reader.region, reader.roles) == ("33.75", frozenset({"viewer"}))
    with pytest.raises(NotFound):
        await feed_keys.feed_reader(uow, code="17", key=key)
    await feed_keys.revoke_feed_key(uow, caller=DOOR, code="33.75", key_id=doc["id"])
    assert await feed_keys.list_feed_keys(uow, caller=DOOR, code="33.75") == []
    with pytest.raises(Unauthenticated):
        await feed_keys.feed_reader(uow, code="33.75", key=key)
    with pytest.raises(NotFound):
        await feed_keys.revoke_feed_key(uow, caller=DOOR, code="33.75", key_id=doc["id"])
