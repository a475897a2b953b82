"""A list filtered by a council the caller cannot read is an empty page (shared/auth.py)."""

from shared.auth import Caller


def test_a_council_outside_the_scope_lists_nothing() -> None:
    bali = Caller(sub="s", region="51", roles=frozenset({"viewer"}))
    assert bali.cannot_list("52") and bali.cannot_list("32.01")


def test_no_council_or_one_within_the_scope_is_listed() -> None:
    bali = Caller(sub="s", region="51", roles=frozenset({"viewer"}))
    assert not bali.cannot_list(None) and not bali.cannot_list("")
    assert not bali.cannot_list("51") and not bali.cannot_list("51.71")
    assert not Caller(sub="a", region="ID", roles=frozenset({"admin"})).cannot_list("32.01")
