"""The NIB register: one claim per business identification number, so an NIB is unique.

A member document is stored after its NIB is claimed (FerretDB v1 has no transactions); a
crash between the two leaves a claim without a member, which a later registration takes over
once it is older than `STALE_CLAIM`.
"""

from collections.abc import Mapping
from datetime import timedelta

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from shared.aggregate import Conflict
from shared.clock import utc_now
from shared.persistence import Document, insert_new

STALE_CLAIM = timedelta(minutes=2)


class NibClaims:
    """The `nibs` collection (`_id` = NIB) beside the members that hold them."""

    def __init__(self, members: AsyncCollection[Document]) -> None:
        self.members = members
        self.nibs = members.database["nibs"]

    async def claim(self, nib: str, member_id: str) -> None:
        """Claim an NIB for a member; 409 naming the NIB when another member holds it."""
        now = utc_now()
        try:
            await self.nibs.insert_one({"_id": nib, "member_id": member_id, "at": now})
            return
        except DuplicateKeyError:
            claim = await self.nibs.find_one({"_id": nib}) or {}
        holder = claim.get("member_id")
        if holder == member_id:  # a retry of the same registration, or the member's own
            return
        if await self.members.find_one({"_id": holder}, {"_id": 1}) is not None:
            raise Conflict(f"NIB {nib} is already registered to member {holder}", field="nib")
        if claim.get("at", now) >= now - STALE_CLAIM:  # another registration, under way now
            raise Conflict(f"NIB {nib} is being registered right now; retry shortly", field="nib")
        # a claim left by a crash before its member was stored: take it over
        await self.nibs.update_one({"_id": nib}, {"$set": {"member_id": member_id, "at": now}})

    async def claim_new(self, claims: Mapping[str, str]) -> set[str]:
        """Claim many NIBs (NIB -> member id) in one write; returns the NIBs claimed now.

        An NIB claimed before (by anyone, this very registration's crashed attempt included)
        is left to `claim`, one by one."""
        if not claims:
            return set()
        now = utc_now()
        docs = [{"_id": nib, "member_id": member, "at": now} for nib, member in claims.items()]
        return set(claims) - {doc["_id"] for doc in await insert_new(self.nibs, docs)}

    async def release(self, nib: str, member_id: str) -> None:
        """Give up a member's claim of an NIB (someone else's claim stays)."""
        await self.nibs.delete_one({"_id": nib, "member_id": member_id})
