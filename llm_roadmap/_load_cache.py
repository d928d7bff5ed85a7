"""The cache of loaded data: what `load` read, structured and validated, kept for the next load.

Reading the bundled TOML, structuring and validating it is most of what a
first `load()` costs, and it gives the same answer until something it depends
on changes. The cache keeps that answer in one file of the user cache
directory (``LLM_ROADMAP_CACHE_DIR``, else ``platformdirs.user_cache_dir``),
under a key made of everything the answer depends on:

- the bytes of every data file each loaded plugin registered (read again at
  each load; hashing them is a fraction of parsing them);
- each plugin's name, distribution, version, hooks and the exporter and source
  ids it registered, and the records of the plugins left out (so installing,
  removing, upgrading, allowing or blocking a plugin changes the key);
- llm-roadmap's version, the size and time of the modules that read data and
  register plugins (`CODE_FOLDERS`: an edited checkout is not served old
  results) and the Python version.

A load of the built-ins alone (`key_of_builtins`, used by
`llm_roadmap._builtins_only`) is keyed before anything is registered: by the
bundled files, the selection and the installed plugins it left out; what the
built-ins register is in the code stamp. Its entry also keeps the load's
plugin records, so a hit registers no plugin.

A load is cached only when every plugin's data is files (a plugin that
registers a mapping built in Python, ``extra_plugins`` or ``paths`` are read
as always). Only what passed validation is written. Exporters and sources are
never cached: they come from the plugins' hooks (on a hit of a load of the
built-ins alone, when the roadmap is first asked for one).

The file is a header (the key and a checksum of the payload) and a pickle that
only model classes may appear in (anything else is refused, so the file cannot
make the loader run code). A file whose header, digest or payload is wrong is
damaged: it is moved aside with a warning (`llm_roadmap._stores.move_aside`,
the one repair path) and rebuilt. A file of another key, or one another
release wrote in another layout, is simply replaced. A
cache directory that cannot be written costs only speed: the load goes on
uncached.
"""

import importlib.util
import io
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Optional

from ._datafiles import input_files
from ._version import __version__

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_FILE",
    "CODE_FOLDERS",
    "Cached",
    "cache_file",
    "checksum",
    "key_of",
    "key_of_builtins",
    "read",
    "write",
]

CACHE_DIR_ENV = "LLM_ROADMAP_CACHE_DIR"
"""The cache directory's environment variable (the HTTP cache reads the same one)."""

CACHE_FILE = "loaded-data.pickle"
"""The cache's file name inside the cache directory."""

_MAGIC_PREFIX = b"llm-roadmap loaded data "
_MAGIC = _MAGIC_PREFIX + b"3\n"

CODE_FOLDERS = (".", "_plugins")
"""The package's folders whose modules are in the key: what reads, structures
and validates data, and what finds, selects and registers plugins (a test
checks that a load imports no module of llm-roadmap from elsewhere)."""
_ALLOWED = {
    "llm_roadmap.model": {
        "Concept",
        "Emphasis",
        "Extension",
        "Identifiers",
        "Kind",
        "Lang",
        "Level",
        "Link",
        "Placement",
        "Provenance",
        "Resource",
        "Role",
        "Text",
        "Topic",
        "Track",
    },
    "llm_roadmap.plugin_records": {"PluginInfo", "PluginStatus"},
    "llm_roadmap.errors": {"Problem"},
}

Cached = tuple[
    tuple[Any, ...],
    dict[int, str],
    dict[int, dict[str, int]],
    tuple[tuple[Any, bool], ...],
    tuple[Any, ...],
]
"""What is kept: the valid entries in load order, the plugins rejected for their
data (by position, with the reason), what each kept plugin contributed, the
resources found to be one resource under two ids (to warn about), and the
plugin records of the load (kept for a load of the built-ins alone, whose
answer comes without registering a plugin; empty for others)."""


def cache_file(environ: Mapping[str, str]) -> Path:
    """The cache file: in ``LLM_ROADMAP_CACHE_DIR`` if set, else the user cache directory."""
    explicit = environ.get(CACHE_DIR_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser() / CACHE_FILE
    import platformdirs

    return Path(platformdirs.user_cache_dir("llm-roadmap")) / CACHE_FILE


def _code_stamp() -> bytes:
    # The modules that decide what a load returns, by size and modification
    # time: an edited checkout gets a new key.
    root = Path(__file__).parent
    parts = []
    for folder in CODE_FOLDERS:
        with os.scandir(root / folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    parts.append(f"{folder}/{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(sorted(parts)).encode()


def key_of(owners: Sequence[Any], records: Sequence[Any]) -> Optional[str]:
    """The key of a load by these registered plugins, or ``None`` if it cannot be cached.

    Args:
        owners: The plugins' registrations (``Registered``), in load order.
        records: The records of the plugins that were not loaded.
    """
    headers = [repr(tuple(records))]
    for reg in owners:
        info = reg.info
        header = (
            info.name,
            info.distribution,
            info.version,
            info.builtin,
            tuple(info.hooks),
            tuple(e.id for e in reg.exporters),
            tuple(s.id for s in reg.sources),
        )
        headers.append(repr(header))
    return _key("registered", headers, [reg.data for reg in owners])


def key_of_builtins(
    chosen: Any, records: Sequence[Any], builtins: Sequence[str], data: Sequence[Any]
) -> Optional[str]:
    """The key of a load of the built-in plugins alone, known before any plugin is registered.

    What the built-ins register is llm-roadmap's own code (in the code stamp)
    and the bundled data (``data``, by content); what else decides the answer
    is the selection (``chosen``: the allowlist and blocklist, each in a
    fixed order), the built-ins it keeps and the installed plugins it left
    out (``records``).
    """
    headers = [repr(chosen), repr(tuple(records)), repr(tuple(builtins))]
    return _key("built-ins", headers, [data])


def _key(kind: str, headers: Sequence[str], data: Sequence[Sequence[Any]]) -> Optional[str]:
    chunks = [
        f"{kind}\n{__version__}\n{sys.version}\n{sys.implementation.name}\n".encode(),
        _code_stamp(),
    ]
    for header in headers:
        chunks.append(b"\x00header\x00" + header.encode())
    for items in data:
        chunks.append(b"\x00plugin\x00")
        for item in items:
            files = input_files(item)
            if files is None:
                return None
            chunks.append(b"\x00input\x00")
            for name, content in files:
                chunks.append(f"\x00{len(name)}:{name}:{len(content)}\x00".encode())
                chunks.append(content)
    return checksum(b"".join(chunks))


def checksum(content: bytes) -> str:
    """The hex digest that keys the cache and checks its payload.

    `importlib.util.source_hash`: the 64-bit SipHash that Python itself uses
    to tell whether a source file changed since its bytecode was written
    (PEP 552), which is this job. It needs no import of its own, where
    `hashlib` costs a load from the cache a tenth of its time (OpenSSL).
    Nothing here needs a cryptographic hash: whoever can write the cache
    file can write the user's files, and the file cannot make the loader
    run code (`_unpickler`).
    """
    return importlib.util.source_hash(content).hex()


_UNPICKLER: Optional[type] = None


def _unpickler() -> type:
    """The unpickler of model objects only: any other class or function is refused.

    Built on `_pickle.Unpickler`, the C unpickler that `pickle.Unpickler`
    is: importing `pickle` itself costs a load from the cache 3 ms more.
    """
    global _UNPICKLER
    if _UNPICKLER is None:
        try:
            from _pickle import Unpickler, UnpicklingError
        except ImportError:  # pragma: no cover - an implementation without the C module
            from pickle import Unpickler, UnpicklingError

        class _ModelUnpickler(Unpickler):
            def find_class(self, module: str, name: str) -> Any:
                if name in _ALLOWED.get(module, ()):
                    return super().find_class(module, name)
                raise UnpicklingError(f"{module}.{name} is not a model class")

        _UNPICKLER = _ModelUnpickler
    return _UNPICKLER


class _WrongLayout(Exception):
    """The payload unpickled, but is not the cache's layout."""


def _loads(payload: bytes) -> Cached:
    value = _unpickler()(io.BytesIO(payload)).load()
    if not (isinstance(value, tuple) and len(value) == 5):
        raise _WrongLayout("not the cache's layout")
    entries, rejected, counts, same, records = value
    kinds = ((entries, tuple), (rejected, dict), (counts, dict), (same, tuple), (records, tuple))
    if not all(isinstance(part, kind) for part, kind in kinds):
        raise _WrongLayout("not the cache's layout")
    return entries, rejected, counts, same, records


def read(path: Path, key: str) -> Optional[Cached]:
    """What the cache holds for ``key``, or ``None`` (missing, another key, or damaged).

    A damaged file is moved aside with a `RuntimeWarning`; the caller then
    loads as without a cache and writes a new one.
    """
    try:
        with path.open("rb") as handle:
            blob = handle.read()
    except OSError:
        return None
    problem = None
    head, sep, rest = blob.partition(b"\n\n")
    lines = head.split(b"\n")
    if blob.startswith(_MAGIC_PREFIX) and not blob.startswith(_MAGIC):
        # Written by a release with another layout: not damage, only not
        # ours to read. It is replaced like the answer of another key.
        return None
    if not sep or not blob.startswith(_MAGIC) or len(lines) != 3:
        problem = "not a cache file of this version"
    else:
        stored_key, stored_digest = lines[1], lines[2]
        if stored_key != key.encode():
            return None  # another load's answer: replaced by this one's
        if checksum(rest).encode() != stored_digest:
            problem = "its checksum does not match its content"
        else:
            try:
                return _loads(rest)
            except Exception as exc:  # any failure to unpickle is damage
                problem = f"unreadable content ({type(exc).__name__}: {exc})"
    from ._stores import move_aside

    move_aside(path, ValueError(problem), what="cache of loaded data", stacklevel=5)
    return None


def write(path: Path, key: str, cached: Cached) -> None:
    """Keep ``cached`` under ``key`` (atomically); silently skipped if it cannot be."""
    import pickle

    try:
        payload = pickle.dumps(cached, protocol=4)
        _loads(payload)  # only what the next load can read back is kept
    except Exception:
        return
    digest = checksum(payload)
    blob = _MAGIC + f"{key}\n{digest}\n\n".encode() + payload
    try:
        from ._atomic import atomic_write

        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path, binary=True) as handle:
            handle.write(blob)
    except OSError:
        return
