"""Extractive reader (work in progress)."""
