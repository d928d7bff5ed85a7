"""Anki exporters for llm-roadmap: study the roadmap as flashcards.

Two formats, registered through the ``register_exporters`` hook:

* ``anki``: an Anki package (``.apkg``) built with genanki, with its own note
  types, one subdeck per track, and tags for track, topic, kind and level.
* ``anki-tsv``: Anki's tab-separated import text, for when a package is not
  wanted (Basic note type; Anki 2.1.55 or later).

Both write one note per resource (front: title and topic; back: description,
authors, year, link) and one per topic concept, in the export's language, with
GUIDs derived from the ids so that importing a newer export updates the cards
a learner already studies instead of duplicating them.
"""

from typing import Callable

from llm_roadmap import Exporter, Text, hookimpl

from .apkg import write_apkg
from .tsv import write_tsv

__all__ = ["APKG", "TSV", "register_exporters"]

__version__ = "0.1.0"

_COMMON_PARAMS = {
    "deck": Text(
        zh="顶层牌组名（默认“LLM 学习路线”；用 :: 嵌套，如 Study::LLM）",
        en="Name of the top deck (default 'LLM Roadmap'; nest with ::, as in Study::LLM)",
    ),
    "subdecks": Text(
        zh="每条路线一个子牌组（默认 true）", en="One subdeck per track (default true)"
    ),
    "concepts": Text(
        zh="为每个主题的知识点生成卡片（默认 true）",
        en="Add a note per concept of each topic (default true)",
    ),
}

APKG = Exporter(
    id="anki",
    title=Text(zh="Anki 卡组（.apkg）", en="Anki deck (.apkg)"),
    suffix=".apkg",
    media_type="application/zip",
    write=write_apkg,
    binary=True,
    params={
        **_COMMON_PARAMS,
        "timestamp": Text(
            zh="笔记的修改时间（Unix 秒；默认取 SOURCE_DATE_EPOCH，未设置则为当前时间）",
            en="Modification time of the notes (Unix seconds; default SOURCE_DATE_EPOCH, else now)",
        ),
    },
)
"""The ``.apkg`` exporter."""

TSV = Exporter(
    id="anki-tsv",
    title=Text(zh="Anki 导入文本（制表符分隔）", en="Anki import text (tab-separated)"),
    suffix=".txt",
    media_type="text/tab-separated-values",
    write=write_tsv,
    params=dict(_COMMON_PARAMS),
)
"""The tab-separated text exporter."""


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the ``anki`` and ``anki-tsv`` exporters."""
    register(APKG)
    register(TSV)
