"""Run the programs service: `python -m services.programs`."""

from shared.serve import serve

from .app import ProgramsSettings, create_app

if __name__ == "__main__":
    serve(create_app, ProgramsSettings())
