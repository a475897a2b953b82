"""Assisted businesses (UKM binaan) of a program and their evaluations (monev)."""
