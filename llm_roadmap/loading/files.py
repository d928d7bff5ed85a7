"""Finding and reading data files without trusting the file system or the plugin that named them.

A data input is a path, an ``importlib.resources`` traversable or a mapping
(`llm_roadmap.sources.DataInput`). The walk below follows each real directory
once (a symlink loop, or two links to one folder, is walked once and gives no
false duplicate ids), reads only regular files no larger than
`MAX_FILE_BYTES` (a FIFO or ``/dev/zero`` named ``*.toml`` never blocks the
load), and turns every failure (an unreadable folder, a broken link, TOML
nested too deep for the parser) into a `Problem` for that file.
"""

from __future__ import annotations

import datetime
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Optional

import tomli

from ..errors import Problem
from ..util.text import display_path

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "Parsed",
    "input_problem",
    "read_input",
]

MAX_FILE_BYTES = 16 * 1024 * 1024
"""The largest data file read (16 MiB; the bundled data is about 200 kB)."""

MAX_DEPTH = 64
"""How deep folders (of a traversable) and nested values (of a mapping) may go."""

Parsed = tuple[str, Optional[Mapping[str, object]], "list[Problem]"]
"""One file as read: its display name, its parsed content (or ``None``) and its problems."""

_NOT_REGULAR = "not a regular file (a FIFO or a device?): not read"
# What a TOML parser gives, besides tables and arrays.
_BASIC = (str, int, float, bool, datetime.date, datetime.time)


def _problem(file: str, message: str) -> Problem:
    return Problem(file=display_path(file), entry="", field="", message=message)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _walk_paths(root: Path, problems: list[Problem], seen: set[tuple[int, int]]) -> Iterator[Path]:
    """Yield the regular ``*.toml`` files under ``root`` (itself, if it is a file), in name order.

    An explicit stack instead of recursion, and every real directory and file
    visited once (by device and inode), so neither depth nor loops can blow up.
    """
    try:
        info = root.stat()
    except OSError as exc:
        problems.append(_problem(str(root), f"cannot read: {_reason(exc)}"))
        return
    if not stat.S_ISDIR(info.st_mode):
        if stat.S_ISREG(info.st_mode):
            seen.add((info.st_dev, info.st_ino))
            yield root
        else:
            problems.append(
                _problem(str(root), "not a regular file (a FIFO or a device?): skipped")
            )
        return
    seen.add((info.st_dev, info.st_ino))
    stack = [_listing(root, problems)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        try:
            info = child.stat()
        except OSError as exc:
            if child.name.endswith(".toml"):
                problems.append(_problem(str(child), f"cannot read: {_reason(exc)}"))
            continue
        key = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            if key not in seen:
                seen.add(key)
                stack.append(_listing(child, problems))
        elif child.name.endswith(".toml"):
            if not stat.S_ISREG(info.st_mode):
                problems.append(_problem(str(child), _NOT_REGULAR))
            elif key not in seen:
                seen.add(key)
                yield child


def _listing(folder: Path, problems: list[Problem]) -> Iterator[Path]:
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries)
    except OSError as exc:
        problems.append(_problem(str(folder), f"cannot read this folder: {_reason(exc)}"))
        names = []
    return iter([folder / name for name in names])


def _walk_traversable(
    node: Any, problems: list[Problem], seen: set[tuple[int, int]], depth: int = 0
) -> Iterator[Any]:
    # importlib.resources may hand out real paths (editable installs) or
    # zip entries; real paths get the guarded walk, the rest a depth bound.
    if isinstance(node, Path):
        yield from _walk_paths(node, problems, seen)
        return
    name = str(node)
    try:
        if not node.is_dir():
            yield node
            return
        children = sorted(node.iterdir(), key=lambda c: str(c.name))
    except (Exception, SystemExit) as exc:  # a plugin's traversable may fail in any way
        problems.append(_problem(name, f"cannot read: {type(exc).__name__}: {exc}"))
        return
    if depth >= MAX_DEPTH:
        problems.append(_problem(name, f"folders nested more than {MAX_DEPTH} deep: not read"))
        return
    for child in children:
        if isinstance(child, Path):
            yield from _walk_paths(child, problems, seen)
            continue
        try:
            is_dir = child.is_dir()
        except (Exception, SystemExit) as exc:
            problems.append(_problem(str(child), f"cannot read: {type(exc).__name__}: {exc}"))
            continue
        if is_dir:
            yield from _walk_traversable(child, problems, seen, depth + 1)
        elif str(child.name).endswith(".toml"):
            yield child


def _parse(name: str, file: Any) -> Parsed:
    try:
        if isinstance(file, Path):
            with file.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        else:
            data = file.read_bytes()
            if not isinstance(data, bytes):
                message = f"cannot read: read_bytes() gave {type(data).__name__}, not bytes"
                return name, None, [_problem(name, message)]
        if len(data) > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            return name, None, [_problem(name, f"larger than {limit} MiB: not read")]
        return name, tomli.loads(data.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        message = f"not UTF-8: {exc}"
    except tomli.TOMLDecodeError as exc:
        message = f"invalid TOML: {exc}"
    except RecursionError:
        # Arrays or inline tables nested thousands deep exhaust the parser's stack.
        message = "invalid TOML: values nested too deeply"
    except ValueError as exc:  # an integer of more than 4300 digits
        message = f"invalid TOML: {exc}"
    except OSError as exc:
        message = f"cannot read: {_reason(exc)}"
    except (Exception, SystemExit) as exc:
        if isinstance(file, Path):
            raise
        # A plugin's own traversable failing in its own way.
        message = f"cannot read: {type(exc).__name__}: {exc}"
    return name, None, [_problem(name, message)]


def read_input(item: Any, label: str) -> Iterator[Parsed]:
    """Read one data input: every TOML file of a file or folder input, or a mapping as it is.

    The files are parsed one at a time, as they are asked for: a load keeps
    only the entries structured from them, not every file's parsed tables.

    Args:
        item: A path, a traversable or a mapping (`llm_roadmap.sources.DataInput`).
        label: Who registered it, to name a mapping in problems.

    Yields:
        One `Parsed` per file read, and one with no content for each problem
        that concerns no readable file (an unreadable folder, a FIFO).
    """
    if isinstance(item, Mapping):
        name = f"<data registered by {label}>"
        bad = plain_problem(item)
        yield (name, None, [_problem(name, bad)]) if bad else (name, item, [])
        return
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()
    if isinstance(item, (str, os.PathLike)):
        root = Path(item)
        if not os.path.lexists(root):
            missing = _problem(str(root), "no such file or directory")
            yield missing.file, None, [missing]
            return
        files: Iterator[Any] = _walk_paths(root, problems, seen)
    else:
        files = _walk_traversable(item, problems, seen)
    for file in files:
        # The name every problem and provenance carries: text any output can hold.
        yield _parse(display_path(str(file)), file)
    yield from ((p.file, None, [p]) for p in problems)


def plain_problem(value: object, where: str = "", depth: int = 0) -> Optional[str]:
    """What makes ``value`` something other than parsed TOML (non-string keys...), or ``None``."""
    if depth > MAX_DEPTH:
        return f"values nested more than {MAX_DEPTH} deep at {where or 'the top'}"
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"the key {key!r} at {where or 'the top'} is not a string"
            bad = plain_problem(item, f"{where}.{key}" if where else key, depth + 1)
            if bad:
                return bad
        return None
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            bad = plain_problem(item, f"{where}[{index}]", depth + 1)
            if bad:
                return bad
        return None
    if isinstance(value, _BASIC):
        return None
    return f"{type(value).__name__} at {where or 'the top'} is not a TOML value"


def input_problem(item: Any) -> Optional[str]:
    """Why ``item`` cannot be registered as data, checked before anything iterates it, or ``None``.

    A path is checked when read (it may not exist yet); a mapping must hold
    only what a TOML parser could give (string keys, bounded depth); anything
    else must behave as a traversable (``is_dir``, ``iterdir``, ``read_bytes``
    and a ``name``) and be a file or a folder.
    """
    if isinstance(item, (str, os.PathLike)):
        return None
    if isinstance(item, Mapping):
        bad = plain_problem(item)
        return f"the mapping is not plain data: {bad}" if bad else None
    methods = ("is_dir", "is_file", "iterdir", "read_bytes")
    missing = [m for m in methods if not callable(getattr(item, m, None))]
    if missing:
        return f"not a traversable: {', '.join(missing)} missing or not callable"
    try:
        name = item.name
        is_dir, is_file = item.is_dir(), item.is_file()
    except Exception as exc:
        return f"the traversable cannot be inspected: {type(exc).__name__}: {exc}"
    if not isinstance(name, str):
        return f"the traversable's name is {type(name).__name__}, not a string"
    if not isinstance(is_dir, bool) or not isinstance(is_file, bool) or not (is_dir or is_file):
        return f"{name!r} is neither a file nor a folder"
    return None
