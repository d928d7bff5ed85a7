"""The ``anki`` exporter: a real Anki package (``.apkg``) built with genanki.

An ``.apkg`` is a zip archive holding ``collection.anki2`` (an SQLite
database of note types, decks, notes and cards) and a ``media`` index. genanki
fills the database; the zip is written here, to the stream the exporter is
given, so a path export stays atomic and nothing is left in the temp folder.
"""

import hashlib
import itertools
import os
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path
from typing import IO, Any

from llm_roadmap import ExportError, ExportOptions, Roadmap

from . import _templates as t
from ._cards import Note, all_notes

__all__ = ["CONCEPT_MODEL_ID", "RESOURCE_MODEL_ID", "SOURCE_DATE_EPOCH", "write_apkg"]

# Fixed ids: Anki matches note types by id, so re-imports reuse the same ones.
RESOURCE_MODEL_ID = 1_586_214_731
CONCEPT_MODEL_ID = 1_586_214_732


def _deck_id(path: tuple[str, ...]) -> int:
    # Stable per deck path, in the range genanki recommends (2**30 .. 2**31).
    digest = hashlib.sha256("\x1f".join(("llm-roadmap deck", *path)).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
"""The reproducible-builds variable: the time to write instead of now, in Unix seconds."""


def _timestamp(options: ExportOptions) -> float:
    # Anki updates an existing note on import only when the incoming one is
    # newer, so the default is "now"; a fixed value makes builds reproducible:
    # -O timestamp=, else SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/).
    raw = options.params.get("timestamp")
    if raw is not None:
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise ExportError(
                f"option 'timestamp' must be seconds since the epoch, not {raw!r}"
            ) from None
        if value <= 0:
            raise ExportError(f"option 'timestamp' must be positive, not {raw!r}")
        return value
    epoch = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not epoch:
        return time.time()
    # The specification: a decimal integer, and a build that cannot read it fails.
    if not (epoch.isascii() and epoch.isdigit()) or int(epoch) <= 0:
        raise ExportError(
            f"{SOURCE_DATE_EPOCH} must be a positive whole number of seconds since the "
            f"epoch, not {epoch!r}"
        )
    return float(int(epoch))


def write_apkg(roadmap: Roadmap, out: IO[bytes], options: ExportOptions) -> None:
    """Write ``roadmap`` to ``out`` as an Anki package."""
    try:
        import genanki
    except ImportError as exc:  # pragma: no cover - genanki is a dependency of this plugin
        raise ExportError(f"the 'anki' exporter needs the genanki package: {exc}") from exc

    resource_model = genanki.Model(
        RESOURCE_MODEL_ID,
        "llm-roadmap resource",
        fields=[{"name": name} for name in t.RESOURCE_FIELDS],
        templates=[{"name": "Resource", "qfmt": t.RESOURCE_FRONT, "afmt": t.RESOURCE_BACK}],
        css=t.CSS,
    )
    concept_model = genanki.Model(
        CONCEPT_MODEL_ID,
        "llm-roadmap concept",
        fields=[{"name": name} for name in t.CONCEPT_FIELDS],
        templates=[{"name": "Concept", "qfmt": t.CONCEPT_FRONT, "afmt": t.CONCEPT_BACK}],
        css=t.CSS,
    )
    decks: dict[tuple[str, ...], Any] = {}
    for note in all_notes(roadmap, options):
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(_deck_id(note.deck), "::".join(note.deck))
        model = resource_model if "Title" in note.fields else concept_model
        deck.add_note(_genanki_note(genanki, model, note))
    if not decks:
        raise ExportError("nothing to export: the selection holds no resources and no concepts")

    timestamp = _timestamp(options)
    package = genanki.Package(list(decks.values()))
    with tempfile.TemporaryDirectory(prefix="llm-roadmap-anki-") as scratch:
        database = Path(scratch) / "collection.anki2"
        connection = sqlite3.connect(str(database))
        try:
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            connection.commit()
        finally:
            connection.close()
        content = database.read_bytes()
    # Entries are dated from the timestamp, not the scratch file, so a fixed
    # timestamp gives the same bytes every time.
    date_time = time.gmtime(max(timestamp, 315_532_800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in (("collection.anki2", content), ("media", b"{}")):
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)


def _genanki_note(genanki: Any, model: Any, note: Note) -> Any:
    names = t.RESOURCE_FIELDS if model.model_id == RESOURCE_MODEL_ID else t.CONCEPT_FIELDS
    return genanki.Note(
        model=model,
        fields=[note.fields[name] for name in names],
        guid=note.guid,
        tags=list(note.tags),
    )
