"""The demo's accounts: a person per role in Bengkulu (17) and Kota Pekalongan (33.75).

Made through membership's public API with the local operator token, on the local deployment
only (the demo's tokens are signed with the development secret, which only it accepts).
"""

from ops.demo_api import Api, DemoError

PASSWORD = "dekranasda-demo-2026"
ACCOUNTS = [
    ("admin@bengkulu.dekranasda.id", "Admin Dekranasda Bengkulu", "17", "admin"),
    ("sekretariat@bengkulu.dekranasda.id", "Sekretariat Dekranasda Bengkulu", "17", "secretariat"),
    (
        "sekretariat@pekalongan.dekranasda.id",
        "Sekretariat Dekranasda Kota Pekalongan",
        "33.75",
        "secretariat",
    ),
    ("viewer@pekalongan.dekranasda.id", "Pengamat Dekranasda Kota Pekalongan", "33.75", "viewer"),
]


async def ensure_accounts(api: Api) -> int:
    """Create the demo accounts that do not exist yet; returns how many were made."""
    made = 0
    for email, name, council, role in ACCOUNTS:
        found = await api.call(
            "membership", "GET", "/accounts", region="ID", role="admin", params={"email": email}
        )
        if found.status_code != 200:
            raise DemoError(f"GET /accounts: {found.status_code} {found.text}")
        if found.json()["items"]:
            continue
        body = {"email": email, "name": name, "password": PASSWORD, "council": council}
        r = await api.call(
            "membership",
            "POST",
            "/accounts",
            region="ID",
            role="admin",
            json={**body, "role": role},
        )
        if r.status_code != 201:
            raise DemoError(f"POST /accounts: {r.status_code} {r.text}")
        made += 1
    return made
