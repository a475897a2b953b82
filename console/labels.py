"""Names people read for the services' codes (English msgids, translated in the templates)."""

from typing import Any, get_args

from shared.auth import Role
from shared.contracts.events import (
    BusinessScale,
    CraftCategory,
    EventType,
    MemberKind,
    ProgramCategory,
)


def named(codes: Any, **names: str) -> dict[str, str]:
    """A shared contract's codes, each with its name; a code missing or unknown fails at import."""
    if set(names) != set(get_args(codes)):
        raise ValueError(f"names for {sorted(names)} but the contract has {get_args(codes)}")
    return names


KINDS = named(MemberKind, person="Person", business="Business (UMKM)")
CATEGORIES = named(
    CraftCategory,
    batik="Batik",
    tenun="Woven cloth (tenun)",
    anyaman="Plaiting (anyaman)",
    kayu="Wood",
    gerabah_keramik="Pottery and ceramics",
    logam="Metal",
    perhiasan="Jewellery",
    bambu_rotan="Bamboo and rattan",
    other="Other",
)
SCALES = named(BusinessScale, mikro="Micro", kecil="Small", menengah="Medium")
EVENT_TYPES = named(
    EventType,
    rakerda="Regional work meeting (Rakerda)",
    rakor="Coordination meeting (Rakor)",
    inauguration="Inauguration",
    training="Training",
    exhibition="Exhibition",
    monev_visit="Monitoring visit",
    other="Other",
)
EVENT_STATUS = {"scheduled": "Scheduled", "concluded": "Concluded", "cancelled": "Cancelled"}
PROGRAM_CATEGORIES = named(
    ProgramCategory,
    product_competitiveness="Product competitiveness",
    digitalisation="Digitalisation",
    market_access="Market access",
    partnership="Partnership",
    training="Training",
    exhibition="Exhibition",
    monev="Monitoring and evaluation",
    other="Other",
)
PROGRAM_STATUS = {
    "draft": "Draft",
    "approved": "Approved",
    "in_progress": "In progress",
    "completed": "Completed",
    "cancelled": "Cancelled",
}
TERM_STATUS = {"draft": "Draft", "inaugurated": "Inaugurated", "ended": "Ended"}
SOURCES = {
    "APBD": "APBD (regional budget)",
    "APBN": "APBN (state budget)",
    "CSR": "CSR",
    "sponsor": "Sponsor",
    "self_funded": "Self-funded",
    "other": "Other",
}
MEASURES = {"manual": "Recorded by hand", "attendance": "Counted from attendance"}
ROLES = named(Role, admin="Administrator", secretariat="Secretariat", viewer="Viewer")
REGISTRATION_STATUS = {"confirmed": "Confirmed", "waitlisted": "Waitlist"}

ALL = {
    "kinds": KINDS,
    "categories": CATEGORIES,
    "scales": SCALES,
    "event_types": EVENT_TYPES,
    "event_status": EVENT_STATUS,
    "program_categories": PROGRAM_CATEGORIES,
    "program_status": PROGRAM_STATUS,
    "term_status": TERM_STATUS,
    "sources": SOURCES,
    "roles": ROLES,
    "measures": MEASURES,
    "registration_status": REGISTRATION_STATUS,
}
