"""Errors for input that cannot be read. A bad file is reported by name and never stops a batch."""
from __future__ import annotations

from pathlib import Path


class PlanetlError(Exception):
    """Base of every error planetl raises on purpose."""


class BadInputError(PlanetlError):
    """A file that cannot be read as the format its name says."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
