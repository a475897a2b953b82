"""HTTP routes of calendar feed keys (a council's writers make, list and revoke them)."""

from datetime import datetime
from typing import Any

from fastapi import Request, Response, status
from pydantic import BaseModel

from shared.auth import CallerDep
from shared.persistence import Document
from shared.problems import api_router

from ..deps import UowDep
from . import handlers

router = api_router()


class FeedKeyPublic(BaseModel):
    """A feed key as listed (the key itself is shown only once, when made)."""

    id: str
    council: str
    created_by: str
    created_at: datetime

    @classmethod
    def of(cls, doc: Document) -> "FeedKeyPublic":
        """The public view of a stored key."""
        return cls(**{k: doc[k] for k in ("id", "council", "created_by", "created_at")})


class FeedKeyCreated(FeedKeyPublic):
    """A new key, and the feed's subscription URLs with it."""

    key: str
    url: str
    webcal_url: str


@router.post("/councils/{code}/feed-keys", tags=["calendar"], status_code=status.HTTP_201_CREATED)
async def create_feed_key(
    code: str, request: Request, caller: CallerDep, uow: UowDep
) -> FeedKeyCreated:
    """A read-only key for the council's calendar feed; subscribe with `url` or `webcal_url`."""
    doc, key = await handlers.create_feed_key(uow, caller=caller, code=code)
    urls = feed_urls(request, code, key, request.app.state.public_url)
    return FeedKeyCreated(**FeedKeyPublic.of(doc).model_dump(), key=key, **urls)


@router.get("/councils/{code}/feed-keys", tags=["calendar"])
async def list_feed_keys(code: str, caller: CallerDep, uow: UowDep) -> list[FeedKeyPublic]:
    """The council's live feed keys."""
    found = await handlers.list_feed_keys(uow, caller=caller, code=code)
    return [FeedKeyPublic.of(d) for d in found]


@router.delete(
    "/councils/{code}/feed-keys/{key_id}",
    tags=["calendar"],
    status_code=status.HTTP_204_NO_CONTENT,
)
async def revoke_feed_key(code: str, key_id: str, caller: CallerDep, uow: UowDep) -> Response:
    """Revoke a key: calendars subscribed with it stop updating at once."""
    await handlers.revoke_feed_key(uow, caller=caller, code=code, key_id=key_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def feed_urls(request: Request, code: str, key: str, public_url: str | None) -> dict[str, Any]:
    """The subscription URL of a council's feed with a key, plain and as `webcal://`."""
    base = (public_url or str(request.base_url)).rstrip("/")
    url = f"{base}/councils/{code}/calendar.ics?key={key}"
    return {"url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}
