"""HTTP routes of sign-in (`/auth/*`, `/me`, the key set) and account management."""

from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response, status
from fastapi.responses import JSONResponse

from shared.auth import CallerDep
from shared.clock import utc_now
from shared.pagination import Page, PageDep, page_of
from shared.problems import api_router, problem

from . import handlers, signin
from .keys import SigningKeys
from .schemas import (
    AccountCreate,
    AccountPublic,
    GrantCreate,
    Me,
    PasswordChange,
    Refresh,
    SignIn,
    SignOut,
    TokenPair,
)
from .signin import Gate
from .throttle import Locked


async def _gate(request: Request) -> Gate:
    gate: Gate = request.app.state.accounts
    return gate


GateDep = Annotated[Gate, Depends(_gate)]
router = api_router()
LOCKED: dict[int | str, dict[str, Any]] = {
    429: {"description": "Too many failed sign-ins; see Retry-After"}
}


def _locked(request: Request, exc: Locked) -> JSONResponse:
    response = problem(429, exc.message, instance=request.url.path, title="Too Many Requests")
    response.headers["Retry-After"] = str(exc.retry_after_s)
    return response


@router.post("/auth/token", tags=["sign-in"], responses=LOCKED, response_model=TokenPair)
async def sign_in(body: SignIn, request: Request, gate: GateDep) -> Any:
    """Sign in with e-mail and password: a 10-minute bearer token and a refresh token."""
    try:
        session = await signin.sign_in(
            gate, email=body.email, password=body.password, council=body.council
        )
    except Locked as exc:
        return _locked(request, exc)
    return TokenPair.of(session)


@router.post("/auth/refresh", tags=["sign-in"])
async def refresh(body: Refresh, gate: GateDep) -> TokenPair:
    """A new token pair for a refresh token (which is used up); refused once disabled."""
    return TokenPair.of(await signin.refresh(gate, token=body.refresh_token, council=body.council))


@router.post("/auth/logout", tags=["sign-in"], status_code=status.HTTP_204_NO_CONTENT)
async def sign_out(body: SignOut, gate: GateDep) -> Response:
    """Revoke a refresh token (the access token ends with its short lifetime)."""
    await signin.sign_out(gate, token=body.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/.well-known/jwks.json", tags=["sign-in"])
async def key_set(request: Request) -> JSONResponse:
    """The public keys that verify the platform's tokens (two during a key rotation)."""
    keyring: SigningKeys = request.app.state.keyring
    body = await keyring.published(utc_now())
    return JSONResponse(body, headers={"Cache-Control": "public, max-age=300"})


@router.get("/me", tags=["sign-in"])
async def who_am_i(caller: CallerDep, gate: GateDep) -> Me:
    """The signed-in account, its grants, and this session's council and role."""
    account = await handlers.me(gate, caller=caller)
    role = next(iter(sorted(caller.roles)))
    return Me(**AccountPublic.of(account).model_dump(), council=caller.region, role=role)


@router.post("/me/password", tags=["sign-in"], status_code=status.HTTP_204_NO_CONTENT)
async def change_password(body: PasswordChange, caller: CallerDep, gate: GateDep) -> Response:
    """Change one's own password; every refresh token of the account is revoked."""
    await handlers.change_password(
        gate, caller=caller, current=body.current_password, new=body.new_password
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/accounts", tags=["accounts"], status_code=status.HTTP_201_CREATED)
async def create_account(body: AccountCreate, caller: CallerDep, gate: GateDep) -> AccountPublic:
    """Create a person's account with a first grant (admins, within their scope and role)."""
    account = await handlers.create_account(gate, caller=caller, **body.model_dump())
    return AccountPublic.of(account)


@router.get("/accounts", tags=["accounts"])
async def list_accounts(
    caller: CallerDep,
    gate: GateDep,
    page: PageDep,
    email: Annotated[str | None, Query(max_length=254, description="Exact e-mail")] = None,
) -> Page[AccountPublic]:
    """Accounts created in, or holding grants within, the admin's scope."""
    found = await handlers.list_accounts(gate, caller=caller, email=email)
    items = found[page.skip : page.skip + page.size]
    return page_of(page, [AccountPublic.of(a) for a in items], len(found))


@router.get("/accounts/{account_id}", tags=["accounts"])
async def get_account(account_id: str, caller: CallerDep, gate: GateDep) -> AccountPublic:
    """One account within the admin's scope."""
    account = await handlers.get_account(gate, caller=caller, account_id=account_id)
    return AccountPublic.of(account)


@router.post("/accounts/{account_id}/grants", tags=["accounts"])
async def grant(
    account_id: str, body: GrantCreate, caller: CallerDep, gate: GateDep
) -> AccountPublic:
    """Give (or change) a role in a council within the admin's scope, up to the admin's role."""
    account = await handlers.grant(
        gate, caller=caller, account_id=account_id, council=body.council, role=body.role
    )
    return AccountPublic.of(account)


@router.delete("/accounts/{account_id}/grants/{council}", tags=["accounts"])
async def revoke(account_id: str, council: str, caller: CallerDep, gate: GateDep) -> AccountPublic:
    """Withdraw a grant; sessions using it are refused at their next refresh."""
    account = await handlers.revoke(gate, caller=caller, account_id=account_id, council=council)
    return AccountPublic.of(account)


@router.post("/accounts/{account_id}/disable", tags=["accounts"])
async def disable(account_id: str, caller: CallerDep, gate: GateDep) -> AccountPublic:
    """Disable an account: no sign-in, no refresh; its access tokens lapse within minutes."""
    account = await handlers.set_status(gate, caller=caller, account_id=account_id, active=False)
    return AccountPublic.of(account)


@router.post("/accounts/{account_id}/enable", tags=["accounts"])
async def enable(account_id: str, caller: CallerDep, gate: GateDep) -> AccountPublic:
    """Enable a disabled account again."""
    account = await handlers.set_status(gate, caller=caller, account_id=account_id, active=True)
    return AccountPublic.of(account)
