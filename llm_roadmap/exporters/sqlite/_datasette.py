"""The datasette metadata of the SQLite export: titles, labels, descriptions, facets, a search.

datasette reads it with ``datasette roadmap.db --metadata metadata.json``: the
tables get descriptions in the export's language, each foreign key shows the
title it points at (``label_column``), and the canned query ``search`` looks
for a phrase in tracks, topics and resources at once.
"""

from ..._version import __version__
from ...model import Lang
from ._schema import FTS

__all__ = ["metadata_document"]

# (zh, en) descriptions.
_TABLES: dict[str, tuple[str, str]] = {
    "tracks": (
        "路线：路线图的各个部分，按学习顺序。",
        "Tracks: the parts of the roadmap, in order.",
    ),
    "topics": (
        "主题：路线中的一步；step 是整个路线图的学习顺序。",
        "Topics: one step of a track; step is the learning order of the whole roadmap.",
    ),
    "resources": (
        "资源：书、论文、课程、代码库……",
        "Resources: books, papers, courses, repositories...",
    ),
    "placements": (
        "资源在主题中的位置与角色（必学、选看、任选其一）。",
        "Where each resource is used: topic, position and role (core, optional, pick one).",
    ),
    "prerequisites": (
        "先修：先学 prerequisite_id，再学 topic_id。",
        "Prerequisites: learn prerequisite_id before topic_id.",
    ),
    "track_paths": (
        "每条路线的学习路径（含其他路线中的先修主题）。",
        "The learning path to each track, prerequisites from other tracks included.",
    ),
    "concepts": ("主题涵盖的知识点，按顺序。", "The concepts each topic covers, in order."),
    "authors": ("资源的作者，按署名顺序。", "The authors of each resource, in credited order."),
    "links": (
        "资源的其他链接：镜像、其他语言版本、配套材料。",
        "Further links: mirrors, editions, companion material.",
    ),
    "identifiers": (
        "arXiv、DOI、ISBN 与 GitHub 标识。",
        "arXiv, DOI, ISBN and GitHub identifiers.",
    ),
    "kinds": ("资源类型的名称。", "The names of the kinds of resource."),
    "levels": ("难度的名称。", "The names of the levels."),
    "roles": ("角色的名称。", "The names of the roles."),
    "emphases": ("重要程度的名称。", "The names of the emphases."),
    "export_info": (
        "导出信息：生成器、格式版本、语言、分词器。",
        "About this export: generator, schema version, language, tokenizer.",
    ),
    "learning_path": (
        "学习路径：按 target_track_id 筛选，按 step 顺序学习。",
        "The learning path: filter on target_track_id, learn in step order.",
    ),
    "resources_by_topic": (
        "按主题列出的资源，按学习顺序。",
        "Resources by topic, in learning order.",
    ),
}
# The label column of each table: datasette 0.65 finds these by their names
# alone; 1.0 labels a table with one unique text column (the id) by that
# column unless told otherwise, so the metadata names them.
_LABELLED = {
    "tracks": "title",
    "topics": "title",
    "resources": "title",
    "kinds": "name",
    "levels": "name",
    "roles": "name",
    "emphases": "name",
}
_FACETS = {
    "topics": ["track_id", "emphasis"],
    "resources": ["kind", "level", "language", "free"],
    "placements": ["role"],
    "identifiers": ["scheme"],
    "learning_path": ["target_track_id"],
    "resources_by_topic": ["track_id", "kind", "role"],
}
_SORT = {"tracks": "position", "topics": "step"}
_SEARCH = (
    "在路线、主题与资源中查找词语（中文词任意长度；多个词用空格分开，须都出现）。",
    "Find words in tracks, topics and resources (Chinese words of any length; "
    "several words, separated by spaces, must all be there).",
)


def _search_sql() -> str:
    # escape_fts is datasette's own SQL function, the one behind ?_search=:
    # each word in quotes, so that a query is never read as FTS5 syntax.
    phrase = "escape_fts(:q)"
    parts = []
    for table in FTS:
        kind = table[:-1]
        parts.append(
            f"SELECT '{kind}' AS type, t.id, t.title_zh, t.title_en, rank "
            f"FROM {table}_fts JOIN {table} t ON t.rowid = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH {phrase}"
        )
    return "\nUNION ALL\n".join(parts) + "\nORDER BY rank"


def metadata_document(lang: Lang, database: str = "roadmap") -> dict[str, object]:
    """The datasette metadata for an export, with texts in ``lang``.

    Args:
        lang: The language of the descriptions.
        database: The name datasette gives the database: the file name
            without its suffix (``roadmap`` for ``roadmap.db``).
    """
    zh = lang is Lang.ZH
    tables: dict[str, object] = {}
    for table, (text_zh, text_en) in _TABLES.items():
        entry: dict[str, object] = {"description": text_zh if zh else text_en}
        if table in _LABELLED:
            entry["label_column"] = _LABELLED[table]
        if table in _FACETS:
            entry["facets"] = _FACETS[table]
        if table in _SORT:
            entry["sort"] = _SORT[table]
        if table in FTS:
            entry["fts_table"] = f"{table}_fts"
        tables[table] = entry
    for table in FTS:
        tables[f"{table}_fts"] = {"hidden": True}
    return {
        "title": "LLM 学习路线" if zh else "LLM learning roadmap",
        "description": (
            "llm-roadmap 导出的数据库：每段文字都有 _zh 与 _en 两列。"
            if zh
            else "A database exported by llm-roadmap: every text has a _zh and an _en column."
        ),
        "source": f"llm-roadmap {__version__}",
        "databases": {
            database: {
                "tables": tables,
                "queries": {
                    "search": {
                        "title": "搜索" if zh else "Search",
                        "description": _SEARCH[0] if zh else _SEARCH[1],
                        "sql": _search_sql(),
                    }
                },
            }
        },
    }
