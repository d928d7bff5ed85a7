"""Importing a document: reading it (a file or a URL), and writing what an import produced.

`read_document` reads the list to import; a source's ``import_document``
turns it into data; `write_data` writes that data as a TOML data directory,
checked with the same loader as any data, and atomically: nothing is written
unless everything can be.
"""

import contextlib
import os
import stat
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

import attrs

from ..errors import (
    DataError,
    IdentityWarning,
    NetworkError,
    PluginWarning,
    Problem,
    RoadmapError,
)
from . import _cannot_import

if TYPE_CHECKING:
    from ..http import HttpClient
    from ..model import Resource
    from ..roadmap import Roadmap

__all__ = ["MAX_DOCUMENT_BYTES", "dump_toml", "read_document", "write_data"]


MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
"""The largest document `read_document` imports (32 MiB; a long awesome-list is about 1 MiB)."""


def read_document(location: str, *, client: Optional["HttpClient"] = None) -> tuple[str, str]:
    """Read a document to import: a file path, or an http(s) URL fetched through the HTTP client.

    Args:
        location: The path or URL.
        client: The `llm_roadmap.http.HttpClient` for URLs (default: the shared
            one, `llm_roadmap.http.client`).

    Returns:
        ``(text, label)``: the UTF-8 text (a byte-order mark dropped) and how
        to name the document in notes, the file's name or the URL.

    Raises:
        DataError: The file is missing, unreadable, not a regular file, larger
            than `MAX_DOCUMENT_BYTES` (read no further than that) or not UTF-8.
        NetworkError: The URL could not be fetched (or is not cached, offline),
            or did not answer 200.
    """
    if location.startswith(("http://", "https://")):
        if client is None:
            from ..http import client as shared

            client = shared()
        response = client.get(location)
        if response.status_code != 200:
            raise NetworkError(f"{location}: HTTP {response.status_code}")
        raw: bytes = response.content
        label = location
    else:
        raw = _read_file(location)
        label = Path(location).name
    if len(raw) > MAX_DOCUMENT_BYTES:
        limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
        raise _cannot_import(location, f"larger than {limit} MiB: not imported")
    try:
        return raw.decode("utf-8-sig"), label
    except UnicodeDecodeError as exc:
        raise _cannot_import(location, f"not UTF-8: {exc}") from None


def _read_file(location: str) -> bytes:
    # Only a regular file, and never more than the limit (plus one byte, to
    # know it is over): a FIFO or /dev/zero must not hang or fill memory.
    try:
        info = Path(location).stat()
        if not stat.S_ISREG(info.st_mode):
            raise _cannot_import(location, "not a regular file (a FIFO or a device?)")
        with Path(location).open("rb") as handle:
            return handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise _cannot_import(location, f"cannot read: {exc.strerror or exc}") from None


def dump_toml(data: Mapping[str, object], *, header: str = "") -> str:
    """Return ``data`` as TOML text, checked to read back as the same data.

    Args:
        data: A mapping of TOML values (strings, numbers, booleans, lists, tables).
        header: Comment lines put on top (each line gets its ``#``).

    Raises:
        ValueError: ``data`` holds something TOML cannot represent the same way.
    """
    import tomli_w
    from tomli import loads

    plain = _plain(data)
    body = tomli_w.dumps(plain)
    if loads(body) != plain:
        raise ValueError("the TOML written does not read back as the same data")
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return (comments + "\n" if comments else "") + body


def _plain(value: Any) -> Any:
    # Tuples and other sequences read back from TOML as lists; compare like with like.
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def write_data(
    data: Mapping[str, object],
    directory: Union[str, "os.PathLike[str]"],
    *,
    name: str,
    header: str = "",
    force: bool = False,
) -> list[Path]:
    """Write roadmap data as a TOML data directory, after checking that it validates.

    Tracks go to ``DIR/tracks/NAME.toml``, resources to
    ``DIR/resources/NAME.toml`` (extensions, if any, to
    ``DIR/extensions/NAME.toml``): the layout of the bundled ``data/`` folder,
    which ``llm-roadmap validate DIR``, ``llm-roadmap --data DIR`` and
    ``llm-roadmap plugin new NAME --from DIR`` all read. The data is validated
    first together with the installed roadmap (so its ids must not clash with
    the bundled data or plugins) and with the other data files already in
    ``DIR`` (another imported track), which must not hold the same resource
    under another id: the directory would no longer validate. A resource that
    is a copy of one the installed roadmap has under another id (what
    ``import --no-merge`` makes) is written, with an `IdentityWarning` each.
    The files are written all or none (`llm_roadmap.util.output.write_files`).

    Args:
        data: ``{"tracks": [...], "resources": [...]}``, as an import produces.
        directory: The data directory (created if needed).
        name: The file name (without ``.toml``), usually the track id.
        header: Comment lines for the top of each file.
        force: Replace files that already exist.

    Returns:
        The files written.

    Raises:
        DataError: The data does not validate, alone or with the directory's
            other files; every problem is listed, with the file it would
            have gone to.
        RoadmapError: A file exists and ``force`` is false, or the files
            cannot be written (nothing is written then).
    """
    from ..util.output import write_files

    root = Path(directory)
    texts: dict[Path, str] = {}
    for key in ("tracks", "resources", "extensions"):  # each in the folder of its name
        entries = data.get(key)
        if entries:
            texts[root / key / f"{name}.toml"] = dump_toml({key: entries}, header=header)
    existing = [str(path) for path in texts if path.exists()]
    if existing and not force:
        raise RoadmapError(
            f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
            "pass force=True (--force) to replace"
        )
    copies = _check_with_neighbours(root, texts)
    try:
        written = write_files(texts)
    except OSError as exc:
        raise RoadmapError(str(exc)) from None
    for copy in copies:
        warnings.warn(IdentityWarning(copy, from_paths=True), stacklevel=2)
    return written


def _check_with_neighbours(root: Path, texts: Mapping[Path, str]) -> list[Problem]:
    """Validate the new files with the directory's others; return the copies to warn about.

    Raises:
        DataError: The problems of the new files, named by where they will be written.
    """
    from ..loading import load

    neighbours = sorted(
        path for path in (root.rglob("*.toml") if root.is_dir() else ()) if path not in texts
    )
    with tempfile.TemporaryDirectory(prefix="llm-roadmap-import-") as scratch:
        trial = Path(scratch) / "new"
        beside = Path(scratch) / "beside"
        for path, text in texts.items():
            target = trial / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for path in neighbours:
            target = beside / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):  # unreadable: the loader says so, not ours
                target.write_bytes(path.read_bytes())
        # The directory's files first: a clash is then blamed on the new ones.
        paths = [beside, trial] if neighbours else [trial]
        with warnings.catch_warnings(record=True) as caught:
            # A broken installed plugin is not this data's problem.
            warnings.simplefilter("ignore", PluginWarning)
            # A copy of a resource the roadmap has is what --no-merge asks
            # for: said, not refused.
            warnings.simplefilter("always", IdentityWarning)
            try:
                loaded: Optional[Roadmap] = load(paths)
                problems: list[Problem] = []
            except DataError as exc:
                loaded, problems = None, list(exc.problems)

        def placed(file: str) -> str:
            return str(root / Path(file).relative_to(trial))

        ours = [attrs.evolve(p, file=placed(p.file)) for p in problems if _inside(p.file, trial)]
        doubled = _copies_of_neighbours(loaded, trial, beside, root) if loaded else []
        if ours or doubled:
            raise DataError([*ours, *doubled], context="the imported data does not validate")
        known_doubles = {p.entry for p in doubled}
        return [
            attrs.evolve(w.message.problem, file=placed(w.message.problem.file))
            for w in caught
            if isinstance(w.message, IdentityWarning)
            and _inside(w.message.problem.file, trial)
            and w.message.problem.entry not in known_doubles
        ]


def _copies_of_neighbours(
    roadmap: "Roadmap", trial: Path, beside: Path, root: Path
) -> list[Problem]:
    # A new resource that is one the directory already has, under another id.
    from ..identity import identity_keys

    def file_of(resource: "Resource") -> str:
        return (resource.provenance.file if resource.provenance else None) or ""

    theirs: dict[str, Resource] = {}
    for resource in roadmap.resources:
        if _inside(file_of(resource), beside):
            for key in identity_keys(resource):
                theirs.setdefault(key, resource)
    found: list[Problem] = []
    for resource in roadmap.resources:
        if not _inside(file_of(resource), trial):
            continue
        for key in identity_keys(resource):
            other = theirs.get(key)
            if other is not None:
                where = root / Path(file_of(other)).relative_to(beside)
                found.append(
                    Problem(
                        file=str(root / Path(file_of(resource)).relative_to(trial)),
                        kind="resource",
                        entry=resource.id,
                        field="url",
                        message=f"same resource as {other.id!r} in {where} (both are {key}):"
                        f" the directory would hold it twice; import with --data {root}"
                        " so that the existing one is placed, or into another directory",
                    )
                )
                break
    return found


def _inside(file: str, directory: Path) -> bool:
    try:
        Path(file).relative_to(directory)
    except ValueError:
        return False
    return True
