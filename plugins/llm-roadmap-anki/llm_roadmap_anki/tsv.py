"""The ``anki-tsv`` exporter: Anki's importable tab-separated text with file headers.

For Anki 2.1.55 and later (File > Import): the headers name the separator,
say the fields hold HTML, pick the Basic note type, and say which columns hold
the tags, the deck and the note GUID, so a re-import updates the notes it
created before. Front and back are rendered from the same templates as the
``.apkg`` cards.
"""

import csv
from typing import IO

from llm_roadmap import ExportError, ExportOptions, Roadmap

from . import _templates as t
from ._cards import all_notes, guid_for

__all__ = ["HEADER", "write_tsv"]

HEADER = (
    "#separator:tab\n"
    "#html:true\n"
    "#notetype:Basic\n"
    "#columns:Front\tBack\tTags\tDeck\tGUID\n"
    "#tags column:3\n"
    "#deck column:4\n"
    "#guid column:5\n"
)
"""The file headers. The GUID is last: a line starting with ``#`` would be read as a comment."""


def write_tsv(roadmap: Roadmap, out: IO[str], options: ExportOptions) -> None:
    """Write ``roadmap`` to ``out`` as Anki import text (one Basic note per line)."""
    notes = all_notes(roadmap, options)
    if not notes:
        raise ExportError("nothing to export: the selection holds no resources and no concepts")
    out.write(HEADER)
    # csv quotes a field that holds a tab, a quote or a newline, the way Anki reads it.
    writer = csv.writer(out, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    for note in notes:
        if "Title" in note.fields:
            front, back = t.RESOURCE_FRONT, t.RESOURCE_BACK
        else:
            front, back = t.CONCEPT_FRONT, t.CONCEPT_BACK
        front_html = _one_line(t.render(front, note.fields))
        back_html = _one_line(t.render(back.replace("{{FrontSide}}", front), note.fields))
        # A GUID namespace of its own: these are Basic notes, not the .apkg note
        # types, and Anki will not update a note across note types.
        guid = guid_for("llm-roadmap-tsv", note.guid)
        writer.writerow([front_html, back_html, " ".join(note.tags), "::".join(note.deck), guid])


def _one_line(rendered: str) -> str:
    # Template newlines are only for readability; in HTML they are spaces.
    return " ".join(line.strip() for line in rendered.splitlines() if line.strip())
