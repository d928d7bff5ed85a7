"""Reading the installed distributions' entry points without importing `importlib.metadata`.

`importlib.metadata` costs about 30 ms to import (mostly the ``email``
package it needs for ``METADATA``), more than the rest of a cached `load`.
Plugin discovery needs far less of it: the ``entry_points.txt`` of each
``*.dist-info`` and ``*.egg-info`` folder on `sys.path`, the first
distribution of each name winning, as `importlib.metadata.entry_points` has
it. That is what `scan` reads. Where `importlib.metadata` would look further
than folders on `sys.path` (a zip file or an egg on the path, a finder on
`sys.meta_path` of its own), `scan` answers ``None`` and discovery asks
`importlib.metadata` itself.
"""

import importlib
import os
import re
import sys
from collections.abc import Iterator
from functools import reduce
from pathlib import Path
from typing import Any, NamedTuple, Optional

__all__ = ["Distribution", "Found", "load_value", "scan"]

# The pattern of importlib.metadata.EntryPoint: "module.sub:attr.sub [extra1, extra2]",
# compiled by the first plugin imported (re keeps it), not by every scan.
_VALUE = r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$"


class Distribution:
    """An installed distribution's metadata folder, read on demand.

    It has the two parts of `importlib.metadata.Distribution` that discovery
    uses: `read_text` and (for unusual metadata only) `metadata`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def read_text(self, filename: str) -> Optional[str]:
        """The text of a file of the metadata folder, or ``None`` if it cannot be read."""
        try:
            return (self.path / filename).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    @property
    def metadata(self) -> Any:
        """The full parse of the metadata (`importlib.metadata`), for unusual files."""
        from importlib import metadata

        return metadata.PathDistribution(self.path).metadata


class Found(NamedTuple):
    """One entry point of the group: its name, its ``module:attr`` value, its distribution."""

    name: str
    value: str
    dist: Distribution


def _normalized(name: str) -> str:
    # importlib.metadata's Prepared.normalize: PEP 503, with underscores.
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _standard_finders_only() -> bool:
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is PathFinder or isinstance(finder, PathFinder):
            continue
        if callable(getattr(finder, "find_distributions", None)):
            return False
    return True


def _folders() -> Optional[Iterator[tuple[str, list[str]]]]:
    """Each folder on sys.path with its metadata folders' names, or ``None`` to fall back."""
    found = []
    for entry in sys.path:
        # Names from os.listdir, with string tests: a Path per entry cost
        # 20 ms on Python 3.13 for a working directory of a thousand files,
        # and only the metadata folders need to become paths.
        try:
            names = os.listdir(entry or ".")  # noqa: PTH208 - the reason is above
        except NotADirectoryError:
            return None  # a zip file on the path: importlib.metadata reads it
        except OSError:
            continue
        meta = []
        for name in names:
            low = name.lower()
            if low.endswith((".dist-info", ".egg-info")):
                meta.append(name)
            elif low.endswith(".egg"):
                return None  # an egg (folder or zip) has its metadata inside
        found.append((entry or ".", meta))
    return iter(found)


def _entry_points(text: str, group: str) -> Iterator[tuple[str, str]]:
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section == group:
            name, sep, value = line.partition("=")
            if sep:
                yield name.strip(), value.strip()


def scan(group: str) -> Optional[list[Found]]:
    """Every entry point of ``group``, as `importlib.metadata.entry_points` finds them.

    Returns ``None`` when the path holds something only `importlib.metadata`
    can read (then ask it).
    """
    if not _standard_finders_only():
        return None
    folders = _folders()
    if folders is None:
        return None
    seen: set[str] = set()
    out: list[Found] = []
    for root, names in folders:
        for name in names:
            # The name in the folder's name, as importlib.metadata dedupes by it.
            key = _normalized(name.rpartition(".")[0].partition("-")[0])
            if key in seen:
                continue
            seen.add(key)  # a file counts too: importlib.metadata takes it as the first
            # Read as a string path, and only a table naming the group is
            # parsed: a bench environment has a hundred distributions, and
            # a Path each cost more than the rest of the scan.
            folder = os.path.join(root, name)  # noqa: PTH118
            table = os.path.join(folder, "entry_points.txt")  # noqa: PTH118
            try:
                with open(table, encoding="utf-8") as handle:  # noqa: PTH123
                    text = handle.read()
            except (OSError, UnicodeDecodeError):
                continue  # not a folder, or no table: as Distribution.read_text has it
            if group in text:
                dist = Distribution(Path(folder))
                out.extend(Found(ep, value, dist) for ep, value in _entry_points(text, group))
    return out


def load_value(value: str) -> Any:
    """Import what an entry point's value names (``module:attr.sub``), as `EntryPoint.load` does."""
    match = re.match(_VALUE, value)
    if match is None:
        raise ValueError(f"not a valid entry point value: {value!r}")
    module = importlib.import_module(match.group("module"))
    attrs = filter(None, (match.group("attr") or "").split("."))
    return reduce(getattr, attrs, module)
