"""The one repair path for the files the project keeps between runs (its stores).

A store found damaged is moved aside (renamed with a timestamp), a
`RuntimeWarning` says so, and it is rebuilt empty; a store that cannot be
opened for any other reason (locked, unwritable, a directory in its place) is
left exactly as it is, and the caller gets a clear error naming it. Nothing is
moved aside on a guess: only damage that the file itself shows counts.

The HTTP cache (`llm_roadmap.http`) and the link-check results
(`llm_roadmap.linkcheck`) are SQLite files and use every part of this module.
`open_or_rebuild` and `move_aside` take no SQLite for granted, so a store kept
in another format (JSON, say) can use the same path by passing its own
``damaged`` test and ``failures``.
"""

import contextlib
import datetime as dt
import sqlite3
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Callable, Optional, TypeVar

__all__ = [
    "DamagedStore",
    "check_sqlite",
    "is_damaged",
    "move_aside",
    "open_or_rebuild",
    "require_table",
]

T = TypeVar("T")

# SQLite's primary result codes for a damaged file (an extended code keeps them in its low byte).
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26
_DAMAGE_WORDS = (
    "file is not a database",
    "database disk image is malformed",
    "malformed database schema",
)


class DamagedStore(sqlite3.DatabaseError):
    """A store file that SQLite opens but that fails its check, or lacks a table it must have."""


def is_damaged(exc: BaseException) -> bool:
    """Whether an error says the store file itself is damaged.

    Only "not a database", "malformed" (SQLITE_NOTADB, SQLITE_CORRUPT) and a
    failed `check_sqlite` count. Everything else (locked or busy, a closed
    connection, "no more rows available", "not an error", InterfaceError,
    "unable to open database file") is what threads or processes sharing a
    healthy file, or an unwritable place, run into: never a reason to move it.

    Args:
        exc: Any exception; only `sqlite3.DatabaseError` and its kind can count.
    """
    if isinstance(exc, DamagedStore):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    # Python 3.11+ gives the code; earlier versions only the message.
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    text = str(exc).lower()
    return any(words in text for words in _DAMAGE_WORDS)


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

    Any other error (a busy file, say) is raised as it is: it says nothing of the layout.
    """
    try:
        connection.execute(f"SELECT {', '.join(columns)} FROM {table} LIMIT 1").fetchall()
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "no such table" in text or "no such column" in text:
            raise DamagedStore(f"not the expected database ({exc})") from exc
        raise


def move_aside(path: Path, cause: BaseException, *, what: str, stacklevel: int = 3) -> Path:
    """Rename a damaged store aside (with a timestamp) and warn; return its new path.

    Args:
        path: The store file.
        cause: What showed it damaged (quoted in the warning).
        what: What the store is, for the warning (``"HTTP cache"``...).
        stacklevel: Passed to `warnings.warn`.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    with contextlib.suppress(FileNotFoundError):
        path.replace(target)
    # SQLite's journal files belong to the old database; left behind, SQLite
    # would try to replay them into the new one.
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
    warnings.warn(
        f"the {what} {path} could not be read ({cause}); "
        f"moved it to {target.name} and started an empty one",
        RuntimeWarning,
        stacklevel=stacklevel,
    )
    return target


def open_or_rebuild(
    path: Path,
    opener: Callable[[], T],
    *,
    what: str,
    error: Callable[[str], Exception],
    damaged: Callable[[BaseException], bool] = is_damaged,
    failures: tuple[type[BaseException], ...] = (sqlite3.Error,),
) -> T:
    """Open a store; when it proves damaged, move it aside and open it again, empty.

    Args:
        path: The store file.
        opener: Opens (creating when missing) and checks the store at ``path``.
        what: What the store is, for the messages (``"link-check results"``...).
        error: Builds the exception raised, from a message naming the file.
        damaged: Whether an exception from ``opener`` shows the file damaged.
        failures: The exceptions of ``opener`` that are about the file.

    Returns:
        What ``opener`` returned.

    Raises:
        Exception: ``error(message)``, when the store cannot be opened and is
            not damaged (it is left as it is), or cannot be opened even rebuilt.
    """
    try:
        return opener()
    except failures as exc:
        if not damaged(exc):
            raise error(f"cannot open the {what} {path}: {exc}") from exc
        move_aside(path, exc, what=what, stacklevel=4)
    try:
        return opener()
    except failures as exc:
        raise error(f"cannot open the {what} {path} even rebuilt: {exc}") from exc
