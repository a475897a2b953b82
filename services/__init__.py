"""The platform's services, listed once: name -> default HTTP port.

Each runs as `python -m services.<name>`; each app's settings, the local runs, the demo and the
docs generator read this list.
"""

SERVICES: dict[str, int] = {"membership": 8001, "programs": 8002, "events": 8003}


def module(name: str) -> str:
    """The package of a service, the one `python -m` runs."""
    return f"services.{name}"
