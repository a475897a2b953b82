"""Assisted businesses (UKM binaan): a business of the council enrolled in a running program."""

from dataclasses import dataclass, field
from datetime import date, datetime

from services.programs.domain import RUNNING, Amendment, Program
from services.programs.domain.values import new_id
from shared.aggregate import Aggregate, Conflict, DomainError
from shared.contracts.events import UkmEnrolled
from shared.regions import covers
from shared.views import MemberView


def enrolment_id(program_id: str, member_id: str) -> str:
    """The id that makes an enrolment unique per program and member."""
    return f"{program_id}:{member_id}"


@dataclass(kw_only=True)
class Beneficiary(Aggregate):
    """A business enrolled in a program (UKM binaan); one per program and member."""

    council: str
    program_id: str
    member_id: str
    enrolled_on: date
    withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None
    history: list[Amendment] = field(default_factory=list)


def enrol(
    *,
    program: Program,
    member: MemberView | None,
    enrolled_on: date,
    existing: Beneficiary | None = None,
    beneficiary_id: str | None = None,
) -> Beneficiary:
    """Enrol a known business of the program's council or below; publishes ukm.enrolled."""
    if program.status not in RUNNING:
        raise Conflict(f"cannot enrol in a program that is {program.status}", field="status")
    if member is None:
        raise DomainError("unknown member", field="member_id")
    if not member.is_business:
        raise DomainError("only a business can be an assisted business", field="member_id")
    if not covers(program.council, member.council):
        raise DomainError("the business is outside the program's council", field="member_id")
    if existing is not None:
        state = "was withdrawn from" if existing.withdrawn_at else "is already enrolled in"
        raise Conflict(f"the business {state} this program", field="member_id")
    beneficiary = Beneficiary(
        id=beneficiary_id or new_id(),
        council=program.council,
        program_id=program.id,
        member_id=member.member_id,
        enrolled_on=enrolled_on,
    )
    beneficiary.record(enrolled_event(beneficiary))
    return beneficiary


def enrolled_event(beneficiary: Beneficiary) -> UkmEnrolled:
    """The `ukm.enrolled` event of an enrolment as it stands."""
    return UkmEnrolled(
        council=beneficiary.council,
        program_id=beneficiary.program_id,
        member_id=beneficiary.member_id,
        enrolled_on=beneficiary.enrolled_on,
    )
