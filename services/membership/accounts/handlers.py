"""Account management: admins create accounts and grant, revoke, disable within their scope."""

from shared.aggregate import DomainError, Forbidden, NotFound
from shared.auth import Caller, Role
from shared.clock import utc_now
from shared.regions import covers

from .domain import (
    Account,
    check_password,
    require_granter,
    require_manager,
    visible_to,
)
from .passwords import hash_password, verify_password
from .signin import Gate


async def create_account(
    gate: Gate, *, caller: Caller, email: str, name: str, password: str, council: str, role: Role
) -> Account:
    """An account with its first grant; the caller must be allowed to grant it."""
    require_granter(caller, council, role)
    check_password(password)
    account = Account.create(
        email=email,
        name=name,
        password_hash=await hash_password(password),
        home=council,
        now=utc_now(),
    )
    account.grant(council, role)
    await gate.accounts.add(account)
    return account


async def get_account(gate: Gate, *, caller: Caller, account_id: str) -> Account:
    """One account an admin of the scope may see (404 otherwise)."""
    caller.require_admin()
    account = await gate.accounts.get(account_id)
    if account is None or not visible_to(caller, account):
        raise NotFound(f"account {account_id} not found")
    return account


async def list_accounts(gate: Gate, *, caller: Caller, email: str | None) -> list[Account]:
    """The accounts an admin of the scope may see, by e-mail."""
    caller.require_admin()
    found = [a for a in await gate.accounts.all() if visible_to(caller, a)]
    return [a for a in found if email is None or a.email == email.strip().lower()]


async def grant(
    gate: Gate, *, caller: Caller, account_id: str, council: str, role: Role
) -> Account:
    """Give a role in a council within the caller's scope, never above the caller's own."""
    account = await get_account(gate, caller=caller, account_id=account_id)
    require_granter(caller, council, role)
    account.grant(council, role)
    await gate.accounts.save(account)
    return account


async def revoke(gate: Gate, *, caller: Caller, account_id: str, council: str) -> Account:
    """Withdraw a grant within the caller's scope; its sessions end at their next refresh."""
    account = await get_account(gate, caller=caller, account_id=account_id)
    if not covers(caller.region, council):
        raise Forbidden(f"council {council} lies outside this token's scope", field="council")
    account.revoke(council)
    await gate.accounts.save(account)
    return account


async def set_status(gate: Gate, *, caller: Caller, account_id: str, active: bool) -> Account:
    """Disable (refresh tokens revoked at once) or enable an account wholly in scope."""
    account = require_manager(caller, await gate.accounts.get(account_id), account_id)
    if account.id == caller.sub and not active:
        raise DomainError("an admin cannot disable their own account", field=None)
    account.set_status("active" if active else "disabled")
    await gate.accounts.save(account)
    if not active:
        await gate.sessions.revoke_account(account.id)
    return account


async def me(gate: Gate, *, caller: Caller) -> Account:
    """The caller's own account (tokens from `dekranasda token` have none: 404)."""
    account = await gate.accounts.get(caller.sub)
    if account is None:
        raise NotFound("this token stands for no account (it was not issued by sign-in)")
    return account


async def change_password(gate: Gate, *, caller: Caller, current: str, new: str) -> None:
    """Replace one's own password after proving the current one."""
    account = await me(gate, caller=caller)
    if not await verify_password(account.password_hash, current):
        raise Forbidden("the current password is wrong", field="current_password")
    account.password_hash = await hash_password(check_password(new, field="new_password"))
    await gate.accounts.save(account)
    await gate.sessions.revoke_account(account.id)
