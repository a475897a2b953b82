"""Checks of the console's forms, with messages in the person's language beside each field."""

import re

from .i18n import gettext as _

_NIB = re.compile(r"^\d{13}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s-]{6,20}$")


def rupiah_amount(text: str) -> int | None:
    """Whole rupiah from what a person types: '60.000.000', 'Rp 60000000'."""
    digits = re.sub(r"[^\d]", "", text.split(",")[0])
    return int(digits) if digits else None


def member_errors(form: dict[str, str]) -> dict[str, str]:
    """What is wrong with a member form, by field."""
    errors: dict[str, str] = {}
    if not form.get("name"):
        errors["name"] = _("Fill in the name.")
    if form.get("kind") not in ("person", "business"):
        errors["kind"] = _("Choose person or business.")
    if form.get("nib") and not _NIB.match(form["nib"]):
        errors["nib"] = _("The NIB has exactly 13 digits.")
    if form.get("email") and not _EMAIL.match(form["email"]):
        errors["email"] = _("This is not an e-mail address.")
    if form.get("phone") and not _PHONE.match(form["phone"]):
        errors["phone"] = _("This is not a phone number.")
    for name in ("capital", "yearly_sales"):
        if form.get(name) and rupiah_amount(form[name]) is None:
            errors[name] = _("Write an amount in rupiah, e.g. 25.000.000.")
    return errors


def member_body(form: dict[str, str]) -> dict[str, object]:
    """The membership API's fields from the form (empty fields left out)."""
    body: dict[str, object] = {}
    for name in ("name", "phone", "email", "nib", "category", "scale", "owner_name"):
        if form.get(name):
            body[name] = form[name]
    for name in ("capital", "yearly_sales"):
        if form.get(name):
            body[name] = rupiah_amount(form[name])
    channels = [c.strip() for c in form.get("digital_channels", "").split(",") if c.strip()]
    if channels:
        body["digital_channels"] = channels
    return body


def required(form: dict[str, str], *names: str) -> dict[str, str]:
    """A 'fill this in' message for each empty required field."""
    return {name: _("This field is required.") for name in names if not form.get(name)}
