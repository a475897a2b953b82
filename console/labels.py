"""Names people read for the services' codes (English msgids, translated in the templates)."""

KINDS = {"person": "Person", "business": "Business (UMKM)"}
CATEGORIES = {
    "batik": "Batik",
    "tenun": "Woven cloth (tenun)",
    "anyaman": "Plaiting (anyaman)",
    "kayu": "Wood",
    "gerabah_keramik": "Pottery and ceramics",
    "logam": "Metal",
    "perhiasan": "Jewellery",
    "bambu_rotan": "Bamboo and rattan",
    "other": "Other",
}
SCALES = {"mikro": "Micro", "kecil": "Small", "menengah": "Medium"}
EVENT_TYPES = {
    "rakerda": "Regional work meeting (Rakerda)",
    "rakor": "Coordination meeting (Rakor)",
    "inauguration": "Inauguration",
    "training": "Training",
    "exhibition": "Exhibition",
    "monev_visit": "Monitoring visit",
    "other": "Other",
}
EVENT_STATUS = {"scheduled": "Scheduled", "concluded": "Concluded", "cancelled": "Cancelled"}
PROGRAM_CATEGORIES = {
    "product_competitiveness": "Product competitiveness",
    "digitalisation": "Digitalisation",
    "market_access": "Market access",
    "partnership": "Partnership",
    "training": "Training",
    "exhibition": "Exhibition",
    "monev": "Monitoring and evaluation",
    "other": "Other",
}
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
ROLES = {"admin": "Administrator", "secretariat": "Secretariat", "viewer": "Viewer"}
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
