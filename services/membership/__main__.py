"""Run the membership service: `python -m services.membership`."""

from shared.serve import serve

from .app import MembershipSettings, create_app

if __name__ == "__main__":
    serve(create_app, MembershipSettings())
