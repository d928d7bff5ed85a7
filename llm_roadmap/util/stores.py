"""The one repair path for the files the project keeps between runs (its stores).

A store found damaged is moved aside (renamed with a timestamp), a
`RuntimeWarning` says so, and it is rebuilt empty; a store that cannot be
opened for any other reason (locked, unwritable, a directory in its place) is
left exactly as it is, and the caller gets a clear error naming it. Nothing is
moved aside on a guess: only damage that the file itself shows counts.

The HTTP cache (`llm_roadmap.http`) and the link-check results
(`llm_roadmap.linkcheck`) are SQLite files and use every part of this module.
The JSON stores (fetched metadata, progress) read with `read_json` and move a
damaged file aside with `move_aside`.

Damage is what the file itself shows: SQLite's "not a database" and
"malformed", a failed integrity check, a missing table, text that is not
UTF-8 (SQLite hands back the bytes it finds, even in its own error messages,
and Python cannot decode them), JSON that does not parse or nests deeper than
the parser goes. A file that is read-only is not damaged: it is left as it is
and the error says that it cannot be written.
"""

import contextlib
import datetime as dt
import json
import sqlite3
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar

__all__ = [
    "DamagedStore",
    "check_sqlite",
    "is_damaged",
    "is_read_only",
    "move_aside",
    "open_or_rebuild",
    "read_json",
    "require_table",
]

T = TypeVar("T")

# SQLite's primary result codes for a damaged file (an extended code keeps them in its low byte).
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26
SQLITE_READONLY = 8
_DAMAGE_WORDS = (
    "file is not a database",
    "database disk image is malformed",
    "malformed database schema",
)


class DamagedStore(sqlite3.DatabaseError):
    """A store file that fails its check: a table it needs is missing, or it cannot be decoded."""


def is_damaged(exc: BaseException) -> bool:
    """Whether an error says the store file itself is damaged.

    Only "not a database", "malformed" (SQLITE_NOTADB, SQLITE_CORRUPT) and a
    failed `check_sqlite` count. Everything else (locked or busy, a closed
    connection, "no more rows available", "not an error", InterfaceError,
    "unable to open database file") is what threads or processes sharing a
    healthy file, or an unwritable place, run into: never a reason to move it.

    Args:
        exc: An exception of any kind; only `sqlite3.DatabaseError` and its kind can count.
    """
    if isinstance(exc, (DamagedStore, UnicodeDecodeError)):
        # SQLite returns the bytes it finds (a table's name in a schema record,
        # quoted in its own error message) and Python cannot decode them: the
        # file holds something no SQLite store of ours ever wrote.
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    # Python 3.11+ gives the code; earlier versions only the message.
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    text = str(exc).lower()
    if not text and code is None and type(exc) is sqlite3.DatabaseError:
        # Before Python 3.11, an SQLite message that is not UTF-8 (the same
        # undecodable schema bytes as above) leaves the error with no text at
        # all; every error SQLite itself raises has one.
        return True
    return any(words in text for words in _DAMAGE_WORDS)


def is_read_only(exc: BaseException) -> bool:
    """Whether a SQLite error says the file (or its directory) cannot be written."""
    if not isinstance(exc, sqlite3.Error):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) == SQLITE_READONLY:
        return True
    return "readonly database" in str(exc).lower()


def read_json(path: Path) -> Any:
    """Read a JSON store; `DamagedStore` when the text is not UTF-8 JSON a parser can take.

    Raises:
        DamagedStore: Not UTF-8, not JSON, or nested deeper than Python's parser goes
            (``[[[[...`` thousands deep).
        OSError: The file cannot be read (missing, permissions): not damage.
    """
    data = path.read_bytes()
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DamagedStore(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except RecursionError:
        raise DamagedStore("JSON nested too deep to read") from None
    except ValueError as exc:
        raise DamagedStore(f"not JSON ({exc})") from None


def check_sqlite(path: Path, *, tables: Optional[Mapping[str, Sequence[str]]] = None) -> None:
    """Read a SQLite file on a connection of its own; raise the error that shows it damaged.

    Args:
        path: The SQLite file.
        tables: Tables (and their columns) the file must have; a missing one
            raises `DamagedStore`. Only right once the store has created them.

    Raises:
        DamagedStore: The integrity check failed, or a table or column is missing.
        sqlite3.Error: SQLite could not read the file (`is_damaged` tells why).
    """
    connection = sqlite3.connect(path, timeout=30)
    # The check's message may quote names from the file: show them, whatever their bytes.
    connection.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        check = connection.execute("PRAGMA quick_check(1)").fetchone()
        if not check or check[0] != "ok":
            raise DamagedStore(f"integrity check failed: {check}")
        for table, columns in (tables or {}).items():
            require_table(connection, table, columns)
    finally:
        connection.close()


def require_table(connection: sqlite3.Connection, table: str, columns: Sequence[str]) -> None:
    """Read one row of ``table``; raise `DamagedStore` if the table or a column is missing.

    Every other error (a busy file, say) is raised as it is: it says nothing of the layout.
    """
    try:
        connection.execute(f"SELECT {', '.join(columns)} FROM {table} LIMIT 1").fetchall()
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "no such table" in text or "no such column" in text:
            raise DamagedStore(f"not the expected database ({exc})") from exc
        raise


def move_aside(
    path: Path,
    cause: object,
    *,
    what: str,
    stacklevel: int = 3,
    label: str = "corrupt",
    category: type[Warning] = RuntimeWarning,
    message: Optional[str] = None,
) -> Path:
    """Rename a damaged store aside (with a timestamp) and warn; return its new path.

    Args:
        path: The store file.
        cause: What showed it damaged (quoted in the warning).
        what: What the store is, for the warning (``"HTTP cache"``...).
        stacklevel: Passed to `warnings.warn`.
        label: The word between the name and the stamp (``store.sqlite.corrupt-<stamp>``).
        category: The warning's class.
        message: The warning's text, ``{target}`` standing for the new name
            (default: "the <what> <path> could not be read (<cause>); moved it ...").

    Raises:
        OSError: The file cannot be renamed (the directory is read-only...).
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    counter = 1
    while target.exists():  # never over an earlier damaged copy
        counter += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{counter}")
    with contextlib.suppress(FileNotFoundError):
        path.replace(target)
    # SQLite's journal files belong to the old database; left behind, SQLite
    # would try to replay them into the new one.
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
    if message is None:
        message = (
            f"the {what} {path} could not be read ({cause}); "
            "moved it to {target} and started an empty one"
        )
    warnings.warn(message.replace("{target}", target.name), category, stacklevel=stacklevel)
    return target


def open_or_rebuild(
    path: Path,
    opener: Callable[[], T],
    *,
    what: str,
    error: Callable[[str], Exception],
) -> T:
    """Open a store; when it proves damaged, move it aside and open it again, empty.

    Args:
        path: The store file.
        opener: Opens (creating when missing) and checks the store at ``path``.
        what: What the store is, for the messages (``"link-check results"``...).
        error: Builds the exception raised, from a message naming the file.

    Returns:
        What ``opener`` returned.

    Raises:
        Exception: ``error(message)``, when the store cannot be opened and is
            not damaged (it is left as it is: read-only, locked...), when it is
            damaged and cannot be moved aside, or cannot be opened even rebuilt.
    """
    # UnicodeDecodeError: SQLite handed back bytes of the file that are no text.
    failures = (sqlite3.Error, UnicodeDecodeError)
    try:
        return opener()
    except failures as exc:
        if is_read_only(exc):
            raise error(
                f"cannot write the {what} {path} ({exc}): make it writable, or delete it"
                " (it is rebuilt empty)"
            ) from exc
        if not is_damaged(exc):
            raise error(f"cannot open the {what} {path}: {exc}") from exc
        try:
            move_aside(path, exc, what=what, stacklevel=4)
        except OSError as moving:
            raise error(
                f"the {what} {path} is damaged ({exc}) and cannot be moved aside:"
                f" {moving.strerror or moving}"
            ) from exc
    try:
        return opener()
    except failures as exc:
        raise error(f"cannot open the {what} {path} even rebuilt: {exc}") from exc
