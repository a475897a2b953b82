"""HTTP routes of places at an event: register, cancel a registration, check in."""

from fastapi import status

from shared.auth import CallerDep
from shared.problems import api_router

from ..deps import UowDep
from ..handlers import registrations
from ..schemas import CheckIn, MemberRef, RegistrationCancelled, RegistrationPublic

router = api_router()


@router.post(
    "/events/{event_id}/registrations", status_code=status.HTTP_201_CREATED, tags=["registrations"]
)
async def register(
    event_id: str, body: MemberRef, caller: CallerDep, uow: UowDep
) -> RegistrationPublic:
    """Register a member: confirmed while places remain, else waitlisted."""
    entry = await registrations.register(
        uow, caller=caller, event_id=event_id, member_id=body.member_id
    )
    return RegistrationPublic.of(entry.registration, entry.names)


@router.delete("/events/{event_id}/registrations/{member_id}", tags=["registrations"])
async def cancel_registration(
    event_id: str, member_id: str, caller: CallerDep, uow: UowDep
) -> RegistrationCancelled:
    """Drop a registration; the first on the waitlist moves up into a freed place."""
    promoted = await registrations.cancel_registration(
        uow, caller=caller, event_id=event_id, member_id=member_id
    )
    moved_up = (
        None if promoted is None else RegistrationPublic.of(promoted.registration, promoted.names)
    )
    return RegistrationCancelled(member_id=member_id, promoted=moved_up)


@router.post("/events/{event_id}/check-ins", tags=["registrations"])
async def check_in(
    event_id: str, body: CheckIn, caller: CallerDep, uow: UowDep
) -> RegistrationPublic:
    """Check a confirmed registrant in (from the event's day on, in the council's zone).

    Offline queues send `client_id` and the door time `checked_in_at`: a client id sent again
    answers the same check-in (200), so a queue sent twice records each person once.
    """
    entry = await registrations.check_in(
        uow,
        caller=caller,
        event_id=event_id,
        member_id=body.member_id,
        at=body.checked_in_at,
        client_id=body.client_id,
    )
    return RegistrationPublic.of(entry.registration, entry.names)
