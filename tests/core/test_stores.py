"""The one repair path for stores (``llm_roadmap.util.stores``), on real SQLite and JSON files."""

import contextlib
import sqlite3
import warnings
from pathlib import Path
from typing import Any

import pytest

from llm_roadmap.errors import NetworkError
from llm_roadmap.util.stores import (
    DamagedStore,
    check_sqlite,
    is_damaged,
    move_aside,
    open_or_rebuild,
    require_table,
)

# -- what counts as damage -------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "corrupt"),
    [
        (sqlite3.DatabaseError("file is not a database"), True),
        (sqlite3.DatabaseError("database disk image is malformed"), True),
        (sqlite3.DatabaseError("no more rows available"), False),
        (sqlite3.DatabaseError("another row available"), False),
        (sqlite3.DatabaseError("not an error"), False),
        (sqlite3.OperationalError("database is locked"), False),
        (sqlite3.OperationalError("unable to open database file"), False),
        (sqlite3.InterfaceError("bad parameter or other API misuse"), False),
        (sqlite3.ProgrammingError("Cannot operate on a closed database."), False),
    ],
)
def test_only_a_damaged_file_counts_as_corrupt(error: sqlite3.Error, corrupt: bool) -> None:
    assert is_damaged(error) is corrupt


def test_real_sqlite_errors_are_classified_by_their_code(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not sqlite at all" * 100)
    bad = contextlib.closing(sqlite3.connect(garbage))
    with bad as db, pytest.raises(sqlite3.DatabaseError) as not_a_database:
        db.execute("SELECT * FROM sqlite_master").fetchall()
    assert is_damaged(not_a_database.value)
    fine = contextlib.closing(sqlite3.connect(tmp_path / "fine.sqlite"))
    with fine as db, pytest.raises(sqlite3.OperationalError) as no_table:
        db.execute("SELECT * FROM responses").fetchall()
    assert not is_damaged(no_table.value)


def test_a_failed_check_counts_as_damage() -> None:
    assert is_damaged(DamagedStore("integrity check failed"))
    assert not is_damaged(OSError("file is not a database"))  # not SQLite's word


# -- checking a file -----------------------------------------------------------------------


def make_db(path: Path, *statements: str) -> Path:
    with contextlib.closing(sqlite3.connect(path)) as db:
        for statement in statements:
            db.execute(statement)
        db.commit()
    return path


def test_check_sqlite_passes_a_healthy_file_with_its_tables(tmp_path: Path) -> None:
    path = make_db(tmp_path / "ok.sqlite", "CREATE TABLE t (a TEXT, b TEXT)")
    check_sqlite(path)
    check_sqlite(path, tables={"t": ("a", "b")})


@pytest.mark.parametrize("tables", [{"missing": ("a",)}, {"t": ("a", "nope")}])
def test_check_sqlite_finds_a_missing_table_or_column(
    tmp_path: Path, tables: dict[str, tuple[str, ...]]
) -> None:
    path = make_db(tmp_path / "other.sqlite", "CREATE TABLE t (a TEXT)")
    with pytest.raises(DamagedStore, match="not the expected database") as found:
        check_sqlite(path, tables=tables)
    assert is_damaged(found.value)


def test_check_sqlite_raises_what_sqlite_says_of_garbage(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(sqlite3.DatabaseError) as found:
        check_sqlite(garbage)
    assert is_damaged(found.value)


def test_a_busy_file_is_not_taken_for_a_damaged_one(tmp_path: Path) -> None:
    path = make_db(tmp_path / "busy.sqlite", "CREATE TABLE t (a TEXT)")
    holder = sqlite3.connect(path, isolation_level=None)
    reader = sqlite3.connect(path, timeout=0)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # a rollback journal: nobody else may read
        with pytest.raises(sqlite3.OperationalError, match="locked") as found:
            require_table(reader, "t", ("a",))
        assert not is_damaged(found.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        reader.close()


# -- moving aside, opening or rebuilding -----------------------------------------------------


def test_move_aside_keeps_the_file_drops_its_journals_and_warns(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"old bytes")
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").write_bytes(b"journal")
    with pytest.warns(RuntimeWarning, match=r"the test store .* could not be read \(boom\)"):
        moved = move_aside(path, ValueError("boom"), what="test store")
    assert moved.name.startswith("store.sqlite.corrupt-")
    assert moved.read_bytes() == b"old bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == [moved.name]


def open_results(path: Path) -> sqlite3.Connection:
    """A store as the link checker opens one: create the table, read a row."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("CREATE TABLE IF NOT EXISTS results (url TEXT, data TEXT)")
        require_table(connection, "results", ("url", "data"))
    except BaseException:
        connection.close()
        raise
    return connection


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"garbage" * 200), id="garbage"),
        pytest.param(
            lambda p: make_db(p, "CREATE TABLE results (something_else TEXT)"),
            id="another-layout",
        ),
    ],
)
def test_a_damaged_store_is_moved_aside_and_rebuilt(tmp_path: Path, damage: Any) -> None:
    path = tmp_path / "results.sqlite"
    damage(path)
    with pytest.warns(RuntimeWarning, match="could not be read"):
        connection = open_or_rebuild(
            path, lambda: open_results(path), what="test results", error=NetworkError
        )
    with contextlib.closing(connection):
        connection.execute("INSERT INTO results VALUES ('u', 'd')")
        assert connection.execute("SELECT url, data FROM results").fetchall() == [("u", "d")]
    assert len(list(tmp_path.glob("results.sqlite.corrupt-*"))) == 1


def test_a_healthy_store_is_opened_as_it_is(tmp_path: Path) -> None:
    path = make_db(tmp_path / "results.sqlite", "CREATE TABLE results (url TEXT, data TEXT)")
    make_db(path, "INSERT INTO results VALUES ('kept', 'x')")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        connection = open_or_rebuild(
            path, lambda: open_results(path), what="test results", error=NetworkError
        )
    with contextlib.closing(connection):
        assert connection.execute("SELECT url FROM results").fetchall() == [("kept",)]


def test_a_store_that_cannot_be_opened_is_a_clear_error_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"
    path.mkdir()  # a directory where the file should be: unopenable, not damaged
    (path / "keep.txt").write_text("mine")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(NetworkError, match=r"cannot open the test results .*results\.sqlite"):
            open_or_rebuild(
                path, lambda: open_results(path), what="test results", error=NetworkError
            )
    assert (path / "keep.txt").read_text() == "mine"
    assert list(tmp_path.glob("*.corrupt-*")) == []
