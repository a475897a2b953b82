"""The board of a term: seats, each held by one person of the term's own council."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from shared.aggregate import DomainError
from shared.contracts.base import Position

from . import values
from .members import Member


@dataclass(frozen=True, kw_only=True)
class BoardPosition:
    """One seat on the board: a title (Ketua, Sekretaris...), an optional bidang, its holder."""

    title: str
    member_id: str
    bidang: str | None = None
    member_name: str | None = None

    def to_contract(self) -> Position:
        """The seat as it travels in `term.inaugurated`."""
        return Position(
            title=self.title,
            bidang=self.bidang,
            member_id=self.member_id,
            member_name=self.member_name,
        )


def seat_board(
    positions: Sequence[BoardPosition],
    members_by_id: Mapping[str, Member],
    *,
    council: str,
    bidang: Sequence[str] | None = None,
) -> list[BoardPosition]:
    """The checked board: titles given, holders known persons of `council`, one seat each."""
    canonical = {name.casefold(): name for name in bidang} if bidang is not None else None
    seen: set[str] = set()
    board = []
    for index, position in enumerate(positions):
        at = f"positions[{index}]"
        member = _holder(position.member_id, members_by_id, council=council, field=at)
        if member.id in seen:
            raise DomainError("this member already holds a position", field=f"{at}.member_id")
        seen.add(member.id)
        board.append(
            BoardPosition(
                title=values.text(position.title, field=f"{at}.title", max_length=120),
                bidang=_bidang(position.bidang, canonical, field=f"{at}.bidang"),
                member_id=member.id,
                member_name=member.name,
            )
        )
    return board


def _bidang(
    value: str | None, council_bidang: Mapping[str, str] | None, *, field: str
) -> str | None:
    bidang = values.optional_text(value, field=field, max_length=120)
    if bidang is None or council_bidang is None:
        return bidang
    if bidang.casefold() not in council_bidang:
        raise DomainError(f"{bidang!r} is not a bidang of this council", field=field)
    return council_bidang[bidang.casefold()]


def _holder(
    member_id: str, members_by_id: Mapping[str, Member], *, council: str, field: str
) -> Member:
    member = members_by_id.get(member_id)
    if member is None:
        raise DomainError(f"no member {member_id!r}", field=f"{field}.member_id")
    if member.council != council:
        raise DomainError(
            f"member {member_id!r} belongs to council {member.council}, not {council}",
            field=f"{field}.member_id",
        )
    if member.kind != "person":
        raise DomainError("a board position is held by a person", field=f"{field}.member_id")
    return member
