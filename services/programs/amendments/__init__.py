"""Corrections and withdrawals of assisted-business records (enrolments, evaluations)."""
