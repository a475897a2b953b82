"""Who reads a council's calendar feed: a feed key's holder, or a bearer token's."""

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials

from shared.aggregate import NotFound
from shared.auth import Caller, Unauthenticated, bearer_scheme, current_caller

from .repository import FeedKeys


async def calendar_reader(
    request: Request,
    code: str,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    key: Annotated[
        str | None, Query(max_length=100, description="A feed key instead of a bearer token")
    ] = None,
) -> Caller:
    """Who reads a council's calendar: a feed key's holder (that feed only), or a bearer."""
    if key is None:
        return await current_caller(request, credentials)
    keys: FeedKeys = request.app.state.feed_keys
    council = await keys.council_of(key)
    if council is None:
        raise Unauthenticated("this feed key is unknown or was revoked")
    if council != code:
        raise NotFound(f"council {code} not found")
    return Caller(sub="feed-key", region=council, roles=frozenset({"viewer"}))


FeedReaderDep = Annotated[Caller, Depends(calendar_reader)]
