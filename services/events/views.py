"""What events keeps of other services' data (pure views), and the checks that use them."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from shared.aggregate import Conflict, DomainError
from shared.regions import covers
from shared.views import MemberView

TermStatus = Literal["draft", "inaugurated", "ended"]


@dataclass(frozen=True, kw_only=True)
class TermView:
    """A board term (kepengurusan) as `term.created` tells it."""

    term_id: str
    council: str
    status: TermStatus = "draft"
    period_start: date | None = None


@dataclass(frozen=True, kw_only=True)
class ProgramView:
    """A work program (program kerja) as `program.approved` tells it."""

    program_id: str
    council: str
    status: str = "approved"


def check_member(*, member_id: str, member: MemberView | None, scope: str) -> MemberView:
    """The member, if known and within the caller's scope; else a 422 on `member_id`."""
    if member is None or not covers(scope, member.council):
        raise DomainError(f"unknown member {member_id}", field="member_id")
    return member


def check_program(*, program_id: str, program: ProgramView | None, council: str) -> ProgramView:
    """The program, if it is an approved program of the event's council; else a 422."""
    if program is None or program.council != council:
        raise DomainError(f"unknown program {program_id} for council {council}", field="program_id")
    if program.status != "approved":
        raise DomainError(f"program {program_id} is not approved", field="program_id")
    return program


def check_terms(
    *, term_ids: Sequence[str], terms: Mapping[str, TermView], scope: str
) -> list[TermView]:
    """The terms an inauguration covers: known draft terms of councils in the caller's scope.

    Which events list terms, and that none is listed twice, `Event.schedule` checks already.
    """
    return [
        _check_term(term_id, terms.get(term_id), scope=scope, field=f"term_ids[{index}]")
        for index, term_id in enumerate(term_ids)
    ]


def _check_term(term_id: str, term: TermView | None, *, scope: str, field: str) -> TermView:
    # A term outside the scope answers like an unknown one: its existence is not the caller's.
    if term is None or not covers(scope, term.council):
        raise DomainError(f"unknown term {term_id}", field=field)
    if term.status != "draft":
        raise Conflict(f"term {term_id} is {term.status}, not a draft", field=field)
    return term


def check_succession(
    *, term_ids: Sequence[str], terms: Mapping[str, TermView], inaugurated: Mapping[str, TermView]
) -> None:
    """Refuse (409) a listed term older than its council's inaugurated term, as known here."""
    for index, term_id in enumerate(term_ids):
        term = terms.get(term_id)
        current = inaugurated.get(term.council) if term else None
        if term is None or current is None or current.term_id == term_id:
            continue
        if term.period_start and current.period_start and current.period_start > term.period_start:
            raise Conflict(
                f"term {term_id} is older than term {current.term_id}, "
                f"already inaugurated for council {term.council}",
                field=f"term_ids[{index}]",
            )
