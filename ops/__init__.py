"""Tools for operators and first-time users: the `dekranasda` command."""
