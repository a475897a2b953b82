"""Run the events service: `python -m services.events`."""

from shared.serve import serve

from .app import EventsSettings, create_app

if __name__ == "__main__":
    serve(create_app, EventsSettings())
