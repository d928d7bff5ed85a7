"""Installed distributions without pip: modules and ``*.dist-info`` folders on ``sys.path``.

A folder holding ``NAME-VERSION.dist-info/METADATA`` and ``entry_points.txt``
next to the module is exactly what importlib.metadata reads for an installed
distribution, so plugins put here are discovered through the real entry-point
machinery, in-process and in milliseconds.
"""

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Optional

import pytest


class Site:
    """A directory on sys.path holding installed distributions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.modules: list[str] = []

    def add(
        self,
        distribution: str,
        source: str,
        *,
        version: str = "1.0",
        module: Optional[str] = None,
        entry_point: Optional[str] = None,
        group: str = "llm_roadmap",
        requires: tuple[str, ...] = (),
    ) -> str:
        """Install ``source`` as the only module of ``distribution``; return the module name."""
        module = module or distribution.replace("-", "_").lower()
        (self.path / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        info = self.path / f"{module}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n"
            + "".join(f"Requires-Dist: {r}\n" for r in requires),
            encoding="utf-8",
        )
        (info / "entry_points.txt").write_text(
            f"[{group}]\n{entry_point or distribution} = {module}\n", encoding="utf-8"
        )
        self.modules.append(module)
        return module


def make_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """Body of a ``site`` fixture: a fresh site on sys.path, its modules forgotten afterwards."""
    path = tmp_path / "site"
    path.mkdir()
    monkeypatch.syspath_prepend(str(path))
    created = Site(path)
    yield created
    for module in created.modules:
        sys.modules.pop(module, None)
