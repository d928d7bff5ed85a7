"""How environment variables are read: one rule for every on/off switch of the project."""

from typing import Optional

__all__ = ["TRUTHY", "is_truthy"]

TRUTHY = frozenset({"1", "true", "yes", "on"})
"""The values (compared case-insensitively, spaces stripped) that turn a switch on."""


def is_truthy(value: Optional[str]) -> bool:
    """Whether an environment value turns a switch on (``"1"``, ``"true"``, ``"yes"``, ``"on"``)."""
    return value is not None and value.strip().lower() in TRUTHY
