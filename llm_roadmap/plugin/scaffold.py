"""Create a working track plugin package to start from (``llm-roadmap plugin new``).

The package is complete as written: ``pip install -e DIR`` makes its track appear
in ``llm-roadmap tracks``, and its test passes with ``pytest``. It holds a
``pyproject.toml`` with the ``llm_roadmap`` entry point, a module whose
``register_tracks`` hook registers the package's ``data/`` folder, one bilingual
track with a topic and a resource (or the data you start from), a README and
a test that uses `llm_roadmap.testing`.
"""

import datetime
import os
import re
import shutil
import string
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Optional, Union

from .._version import __version__
from ..errors import DataError, RoadmapError
from ..util.atomic import atomic_write
from ..util.ids import is_id

__all__ = ["PREFIX", "ScaffoldError", "create_plugin", "plugin_names"]

PREFIX = "llm-roadmap-"
"""Prefix of plugin distribution names; ``plugin new my-track`` makes ``llm-roadmap-my-track``."""

_NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

PathLike = Union[str, "os.PathLike[str]"]


class ScaffoldError(RoadmapError, ValueError):
    """The plugin could not be created: a bad name, a used directory, or clashing ids."""


def plugin_names(name: str) -> tuple[str, str, str]:
    """Return ``(distribution, package, entry point)`` for a plugin called ``name``.

    ``"my-track"`` and ``"llm-roadmap-my-track"`` both give
    ``("llm-roadmap-my-track", "llm_roadmap_my_track", "my-track")``.

    Raises:
        ScaffoldError: ``name`` is not a lowercase kebab-case name.
    """
    if not _NAME_RE.match(name):
        suggestion = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        hint = f"; try {suggestion!r}" if suggestion and _NAME_RE.match(suggestion) else ""
        raise ScaffoldError(
            f"invalid plugin name {name!r}: use lowercase letters, digits and single hyphens, "
            f"starting with a letter (like 'my-track'){hint}"
        )
    short = name[len(PREFIX) :] if name.startswith(PREFIX) else name
    if not short or name in {"llm-roadmap", PREFIX.rstrip("-")}:
        raise ScaffoldError(f"invalid plugin name {name!r}: name the plugin, like 'my-track'")
    distribution = PREFIX + short
    return distribution, distribution.replace("-", "_"), short


def create_plugin(
    name: str,
    directory: PathLike,
    *,
    track_id: Optional[str] = None,
    from_data: Optional[PathLike] = None,
) -> Path:
    """Write a new track plugin package into ``directory`` and return its path.

    Args:
        name: The plugin's name, ``"my-track"`` (the distribution becomes
            ``llm-roadmap-my-track``, the module ``llm_roadmap_my_track``).
        directory: Where to create the package: a directory that does not exist
            yet or is empty. Nothing is left behind if writing fails.
        track_id: The id of the sample track (default: the plugin's name
            without the ``llm-roadmap-`` prefix).
        from_data: Start from existing roadmap data (a TOML file or a directory
            of them) instead of the sample track; it is validated first.

    Returns:
        The package's directory.

    Raises:
        ScaffoldError: A bad name or id, ``directory`` is not empty, the sample's
            ids are taken by the bundled roadmap, or ``track_id`` and
            ``from_data`` are both given.
        DataError: ``from_data`` does not validate.
    """
    distribution, package, entry_point = plugin_names(name)
    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "is not a directory" if not target.is_dir() else "is not empty"
        raise ScaffoldError(
            f"{target} {what}: choose a new directory, the scaffold never overwrites files"
        )
    if from_data is not None and track_id is not None:
        raise ScaffoldError("give either a track id or data to start from, not both")

    files: dict[str, Union[str, bytes]] = {}
    tracks: tuple[str, ...]
    if from_data is None:
        track = track_id if track_id is not None else entry_point
        if not is_id(track):
            raise ScaffoldError(
                f"invalid track id {track!r}: use lowercase letters, digits and single hyphens"
            )
        _check_free_ids(track)
        tracks, resources = (track,), 1
    else:
        data_files, tracks, resources = _copy_data(Path(from_data))
        files.update((f"{package}/data/{rel}", body) for rel, body in data_files.items())
        track = tracks[0] if tracks else ""

    # Every template takes what it needs from the same values.
    major, minor = __version__.split(".")[:2]
    values = {
        "distribution": distribution,
        "package": package,
        "entry_point": entry_point,
        "track": track,
        "title": _words(track),
        "year": datetime.date.today().year,
        "description": (
            f"The {track} track for llm-roadmap" if track else "Roadmap data for llm-roadmap"
        ),
        "requires": f"{major}.{minor}",
        "what": f"the {track} track" if track else "its roadmap data",
        "track_list": repr(list(tracks)),
        "track_set": set(tracks) if tracks else "set()",
        "resources": resources,
        "listed": ", ".join(f"`{t}`" for t in tracks) or "roadmap data",
        "python": Path(sys.executable).name,
    }
    if from_data is None:
        files[f"{package}/data/{track}.toml"] = _render("data.toml.tmpl", values)
    files["pyproject.toml"] = _render("pyproject.toml.tmpl", values)
    files[f"{package}/__init__.py"] = _render("__init__.py.tmpl", values)
    files[f"tests/test_{package}.py"] = _render("test_plugin.py.tmpl", values)
    files["README.md"] = _render("README.md.tmpl", values)
    files[".gitignore"] = "__pycache__/\n*.egg-info/\nbuild/\ndist/\n.pytest_cache/\n"
    _write_tree(target, files)
    return target


def _check_free_ids(track: str) -> None:
    """Refuse sample ids that the bundled roadmap already uses (the test would fail)."""
    import warnings

    from ..loading import load

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bundled = load(plugins=[], disable_plugins=[], strict=False, environ={})
    except RoadmapError:  # the bundled data is broken: nothing to compare with
        return
    taken = []
    if any(t.id == track for t in bundled.tracks):
        taken.append(f"track {track!r}")
    if any(t.id == f"{track}-first-steps" for t in bundled.topics):
        taken.append(f"topic {track}-first-steps")
    if any(r.id == f"{track}-first-resource" for r in bundled.resources):
        taken.append(f"resource {track}-first-resource")
    if taken:
        raise ScaffoldError(
            f"the bundled roadmap already has {', '.join(taken)}: pick another name or --track-id"
        )


def _copy_data(source: Path) -> tuple[dict[str, bytes], tuple[str, ...], int]:
    import warnings

    from ..loading import PATHS_ORIGIN, load

    if not source.exists():
        raise ScaffoldError(f"{source}: no such file or directory")
    if source.is_dir():
        found = sorted(p for p in source.rglob("*.toml") if p.is_file())
        data = {p.relative_to(source).as_posix(): p.read_bytes() for p in found}
    else:
        data = {
            source.name if source.suffix == ".toml" else f"{source.name}.toml": source.read_bytes()
        }
    if not data:
        raise ScaffoldError(f"{source}: no .toml files to start from")
    # Validated with the bundled roadmap, as the installed plugin will be.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            rm = load([source], plugins=[], disable_plugins=[], strict=False, environ={})
        except DataError as exc:
            raise DataError(exc.problems, context=f"{source} does not validate") from None
    mine = [t.id for t in rm.tracks if t.provenance and t.provenance.plugin == PATHS_ORIGIN]
    resources = sum(1 for r in rm.resources if r.provenance and r.provenance.plugin == PATHS_ORIGIN)
    return data, tuple(mine), resources


def _write_tree(target: Path, files: dict[str, Union[str, bytes]]) -> None:
    """Write every file into a hidden sibling directory, then move it into place at once."""
    parent = target.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    try:
        for relative, body in files.items():
            path = staging / relative
            if isinstance(body, bytes):
                with atomic_write(path, binary=True) as handle:
                    handle.write(body)
            else:
                with atomic_write(path) as text_handle:
                    text_handle.write(body)
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes 0700
        if target.exists():
            target.rmdir()  # empty, checked before; rename cannot replace it everywhere
        staging.replace(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _words(identifier: str) -> str:
    return " ".join(part.capitalize() for part in identifier.split("-"))


def _render(template: str, values: Mapping[str, object]) -> str:
    """Fill in one of the ``templates/*.tmpl`` files shipped beside this module."""
    from importlib.resources import files

    text = (files(__package__) / "templates" / template).read_text(encoding="utf-8")
    return string.Template(text).substitute(values)
