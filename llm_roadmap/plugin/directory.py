"""The plugin directory: a curated index of known plugins, shipped as ``plugins.toml``.

The index lives next to the bundled data (``llm_roadmap.data/plugins.toml``)
and is read with `importlib.resources`, so a wheel install and an editable one
find it alike. It is curated by hand and validated on every read: a mistake is
a `DataError` naming the file, the entry and the field, never a silently
skipped plugin. Which entries are installed is looked up separately
(`available_plugins`), so the curated records stay apart from what a machine
happens to have.

```python
import llm_roadmap

for item in llm_roadmap.available_plugins():
    print(item.entry.name, item.installed_version or "not installed")
```
"""

import enum
import os
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Optional, Union

import attrs

from ..errors import DataError, Problem
from ..model import Text
from ..util.ids import canonical_name

if TYPE_CHECKING:
    from ..sources import DataInput
    from .records import PluginInfo, PluginStatus

__all__ = ["Addition", "AvailablePlugin", "DirectoryEntry", "available_plugins", "load_directory"]

DIRECTORY_FILE = "plugins.toml"
"""The name of the index inside the ``llm_roadmap.data`` package."""

# PEP 508 distribution names, and entry-point names as the packaging spec allows them.
_NAME_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
_ENTRY_POINT_RE = re.compile(r"^[\w.-]+$")
_REQUIREMENT_NAME_RE = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_LOCAL_PREFIXES = ("./", "../")


class Addition(str, enum.Enum):
    """What a plugin adds to the roadmap (the same words as `PluginInfo.contributed`)."""

    TRACKS = "tracks"
    TOPICS = "topics"
    RESOURCES = "resources"
    EXTENSIONS = "extensions"
    EXPORTERS = "exporters"
    SOURCES = "sources"


@attrs.frozen(kw_only=True)
class DirectoryEntry:
    """One known plugin, as curated in ``plugins.toml``.

    Attributes:
        name: The distribution name (what ``pip`` and `PluginInfo.distribution` call it).
        package: The requirement a package index resolves, such as
            ``"llm-roadmap-anki"`` or ``"llm-roadmap-foo>=1.0"``: what
            ``llm-roadmap install NAME`` hands pip. For a plugin on no index,
            a path relative to a checkout of the llm-roadmap repository
            (``"./plugins/llm-roadmap-foo"``).
        description: What it adds and for whom, in both languages.
        adds: What it registers: tracks, topics, resources, extensions, exporters, sources.
        homepage: Its project page, if it has one.
        entry_point: Its name in the ``llm_roadmap`` entry-point group (the
            plugin name that `llm_roadmap.plugins` reports).
    """

    name: str
    package: str
    description: Text
    adds: tuple[Addition, ...]
    homepage: Optional[str] = None
    entry_point: Optional[str] = None

    @property
    def is_local(self) -> bool:
        """Whether ``package`` is a path into a repository checkout (the plugin is on no index)."""
        return self.package.startswith(_LOCAL_PREFIXES)

    @property
    def install_command(self) -> str:
        """The command that installs it: ``llm-roadmap install NAME`` (from the index pip uses).

        For an entry on no index (`is_local`), ``pip install PATH``, to run from
        the root of a checkout of the llm-roadmap repository.
        """
        if self.is_local:
            return f"pip install {self.package}"
        return f"llm-roadmap install {self.name}"


@attrs.frozen(kw_only=True)
class AvailablePlugin:
    """A directory entry together with what this machine has of it.

    Attributes:
        entry: The curated record.
        installed_version: The version of the installed distribution, or ``None``
            when it is not installed in the running interpreter's environment.
        status: What happened to it in a load (loaded, failed, disabled), when
            plugin records were given to `available_plugins`; ``None`` otherwise,
            or when no loaded plugin came from this distribution.
        error: Why it failed, when it did.
    """

    entry: DirectoryEntry
    installed_version: Optional[str] = None
    status: Optional["PluginStatus"] = None
    error: Optional[str] = None

    @property
    def installed(self) -> bool:
        """Whether the distribution is installed."""
        return self.installed_version is not None


def load_directory(
    path: Optional[Union[str, "os.PathLike[str]", "DataInput"]] = None,
) -> tuple[DirectoryEntry, ...]:
    """Read and validate the plugin directory.

    Args:
        path: A ``plugins.toml`` to read instead of the bundled one (a path or
            an `importlib.resources` traversable).

    Returns:
        The entries, in the order of the file.

    Raises:
        DataError: The file is missing, is not TOML, or has entries that do not
            validate; every problem is listed with its file, entry and field.
    """
    from ..bundled import data_root
    from ..loading.files import read_input

    source = data_root() / DIRECTORY_FILE if path is None else path
    problems: list[Problem] = []
    entries: tuple[DirectoryEntry, ...] = ()
    for file, data, found in read_input(source, "the plugin directory"):
        problems.extend(found)
        if data is not None:
            entries, structured = _structure(data, file)
            problems.extend(structured)
    if problems:
        raise DataError(problems)
    return entries


def _structure(
    data: Mapping[str, object], file: str
) -> tuple[tuple[DirectoryEntry, ...], list[Problem]]:
    # cattrs is imported when the directory is read, not at import.
    from ..loading.structure import structure_entry

    problems: list[Problem] = [
        Problem(file=file, entry="", field=key, message="unknown top-level key: expected 'plugins'")
        for key in sorted(set(data) - {"plugins"})
    ]
    raw_entries = data.get("plugins", [])
    if not isinstance(raw_entries, list):
        problems.append(
            Problem(
                file=file, entry="", field="plugins", message="expected an array of plugin tables"
            )
        )
        return (), problems
    entries: list[DirectoryEntry] = []
    seen: dict[str, str] = {}
    for position, raw in enumerate(raw_entries):
        named = isinstance(raw, Mapping) and isinstance(raw.get("name"), str) and raw["name"]
        label = raw["name"] if named else f"#{position + 1}"
        entry, found = structure_entry(raw, DirectoryEntry, file=file, entry=label, kind="plugin")
        problems.extend(found)
        if entry is None:
            continue
        checks = _check(entry)
        problems.extend(
            Problem(file=file, kind="plugin", entry=label, field=f, message=m) for f, m in checks
        )
        key = canonical_name(entry.name)
        if key in seen:
            problems.append(
                Problem(
                    file=file,
                    kind="plugin",
                    entry=label,
                    field="name",
                    message=f"duplicate plugin: {seen[key]!r} is already listed",
                )
            )
        seen.setdefault(key, entry.name)
        if not checks:
            entries.append(entry)
    return tuple(entries), problems


def _check(entry: DirectoryEntry) -> list[tuple[str, str]]:
    from ..loading.checks import text_problems, url_problem

    found: list[tuple[str, str]] = []
    if not _NAME_RE.match(entry.name):
        found.append(("name", f"{entry.name!r} is not a valid distribution name"))
    found.extend(_package_problems(entry))
    found.extend(text_problems(entry.description, "description"))
    if not entry.adds:
        found.append(
            (
                "adds",
                "say what the plugin adds: tracks, topics, resources, extensions, exporters "
                "or sources",
            )
        )
    if len(set(entry.adds)) != len(entry.adds):
        found.append(("adds", "lists the same kind twice"))
    if entry.homepage is not None:
        bad = url_problem(entry.homepage)
        if bad:
            found.append(("homepage", bad))
    if entry.entry_point is not None and not _ENTRY_POINT_RE.match(entry.entry_point):
        found.append(("entry_point", f"{entry.entry_point!r} is not an entry-point name"))
    return found


def _package_problems(entry: DirectoryEntry) -> list[tuple[str, str]]:
    package = entry.package
    if not package.strip() or package != package.strip() or "\n" in package:
        return [("package", f"{package!r} is not a pip requirement or a path")]
    if entry.is_local:
        return []
    if package.startswith(("/", "~", "file:")):
        return [
            (
                "package",
                "an absolute path works on one machine only; give a path relative to the "
                "repository ('./plugins/...') or a requirement",
            )
        ]
    match = _REQUIREMENT_NAME_RE.match(package)
    if match is None:
        return [
            ("package", f"{package!r} is not a pip requirement or a path such as './plugins/NAME'")
        ]
    if canonical_name(match.group(1)) != canonical_name(entry.name):
        return [
            ("package", f"requirement {package!r} installs {match.group(1)!r}, not {entry.name!r}")
        ]
    return []


def _installed_version(name: str) -> Optional[str]:
    # Imported here: importlib.metadata costs ~15 ms, and `import llm_roadmap` stays light.
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def available_plugins(
    *,
    path: Optional[Union[str, "os.PathLike[str]", "DataInput"]] = None,
    records: Optional[Iterable["PluginInfo"]] = None,
) -> tuple[AvailablePlugin, ...]:
    """Return every directory entry with whether, and in which version, it is installed.

    Installation is looked up with `importlib.metadata` in the running
    interpreter's environment, which is cheap: no plugin is imported. Pass the
    records of a load (`llm_roadmap.plugins()` or ``roadmap.plugins``) to also
    learn whether each installed plugin loaded, failed or was disabled.

    Args:
        path: A ``plugins.toml`` to read instead of the bundled one.
        records: Plugin records to take each entry's load status from,
            matched by distribution name.

    Raises:
        DataError: The directory does not validate (see `load_directory`).
    """
    by_dist: dict[str, PluginInfo] = {}
    for info in records or ():
        key = canonical_name(info.distribution)
        # A distribution with several entry points shows its failure, if any.
        if key not in by_dist or info.status.value == "failed":
            by_dist[key] = info
    out = []
    for entry in load_directory(path):
        found = by_dist.get(canonical_name(entry.name))
        out.append(
            AvailablePlugin(
                entry=entry,
                installed_version=_installed_version(entry.name),
                status=None if found is None else found.status,
                error=None if found is None else found.error,
            )
        )
    return tuple(out)
