"""Accounts and sign-in: people, their grants per council, passwords, tokens, signing keys."""
