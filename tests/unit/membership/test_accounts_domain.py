"""Who may grant what, and the checks on e-mail addresses and passwords (no I/O)."""

from datetime import UTC, datetime

import pytest

from services.membership.accounts.domain import (
    Account,
    check_email,
    check_password,
    require_granter,
    require_manager,
    visible_to,
)
from shared.aggregate import DomainError, Forbidden, NotFound
from shared.auth import Caller, Role


def caller(region: str, role: str) -> Caller:
    return Caller(sub="c", region=region, roles=frozenset({role}))


def account(*grants: tuple[str, Role], home: str = "17") -> Account:
    made = Account.create(
        email="Siti@Example.ID ", name=" Siti ", password_hash="h", home=home, now=datetime.now(UTC)
    )
    for council, role in grants:
        made.grant(council, role)
    return made


def test_addresses_are_trimmed_and_lower_case_and_checked() -> None:
    assert account().email == "siti@example.id"
    with pytest.raises(DomainError, match="e-mail") as err:
        check_email("not an address")
    assert err.value.field == "email"


def test_passwords_have_at_least_ten_characters() -> None:
    with pytest.raises(DomainError, match="at least 10"):
        check_password("nine char")
    assert check_password("ten chars!") == "ten chars!"


@pytest.mark.parametrize(
    ("granter", "council", "role", "error"),
    [
        (caller("17", "admin"), "33.75", "viewer", Forbidden),  # another province
        (caller("17.71", "admin"), "17", "viewer", Forbidden),  # above the granter's council
        (caller("17", "secretariat"), "17.71", "viewer", Forbidden),  # not an admin
        (caller("17", "admin"), "17", "owner", DomainError),  # no such role
        (caller("17", "admin"), "99", "viewer", DomainError),  # no such council
    ],
)
def test_nobody_grants_beyond_their_scope_or_role(
    granter: Caller, council: str, role: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        require_granter(granter, council, role)


def test_an_admin_grants_any_role_within_their_scope() -> None:
    for council in ("17", "17.71"):
        for role in ("admin", "secretariat", "viewer"):
            require_granter(caller("17", "admin"), council, role)


def test_a_grant_replaces_the_role_of_its_council() -> None:
    made = account(("17", "viewer"), ("17", "secretariat"), ("33.75", "viewer"))
    assert [(g.council, g.role) for g in made.grants] == [
        ("17", "secretariat"),
        ("33.75", "viewer"),
    ]
    assert made.grant_of(None) == made.grants[0]
    made.revoke("17")
    with pytest.raises(NotFound):
        made.revoke("17")


def test_admins_see_and_manage_accounts_of_their_scope_only() -> None:
    local = account(("17.71", "viewer"))
    assert visible_to(caller("17", "admin"), local)
    assert not visible_to(caller("33.75", "admin"), local)
    with pytest.raises(NotFound):
        require_manager(caller("33.75", "admin"), local, local.id)
    straddling = account(("17", "viewer"), ("33.75", "viewer"))
    with pytest.raises(Forbidden, match="outside"):
        require_manager(caller("17", "admin"), straddling, straddling.id)
    assert require_manager(caller("ID", "admin"), straddling, straddling.id) is straddling
