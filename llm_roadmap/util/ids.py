"""The two kinds of names the project compares: roadmap ids and distribution names."""

import re

__all__ = ["ID_PATTERN", "ID_RE", "canonical_name", "is_id"]

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Kebab-case: lowercase ASCII letters and digits in words joined by single hyphens.

The same pattern is in the JSON schema (``roadmap.schema.json``).
"""

ID_RE = re.compile(ID_PATTERN)
"""`ID_PATTERN`, compiled. Use `is_id` to test a whole string."""


def is_id(value: str) -> bool:
    """Whether ``value`` is a well-formed id (the whole string, no trailing newline)."""
    # fullmatch, not match: "$" also matches before a trailing newline.
    return ID_RE.fullmatch(value) is not None


def canonical_name(name: str) -> str:
    """A distribution or plugin name in PEP 503 form, so ``My_Plugin`` and ``my-plugin`` match."""
    return re.sub(r"[-_.]+", "-", name).lower()
