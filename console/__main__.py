"""`python -m console`: serve the console on port 8000."""

from shared.serve import serve

from .app import create_app
from .settings import ConsoleSettings

if __name__ == "__main__":
    serve(create_app, ConsoleSettings())
