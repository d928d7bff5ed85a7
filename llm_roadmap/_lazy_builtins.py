"""The built-in exporters and sources, registered by name and imported when first used.

Importing every built-in exporter and source module at each `load` (the
Markdown importer, the HTML page, SQLite, XML for arXiv...) cost more than the
rest of a cached load, for commands that use none of them. So the built-in
plugin of each of those modules is, at load time, a small stand-in: it
implements the same hook as the module (``register_exporters`` or
``register_sources``), and registers through it an `Exporter` or `Source` with
the same id, titles, options and capabilities, whose callables import the
module when first called and hand over to what the module itself registers.
Listings, blocking, replacing and the JSON export's plugin records see the same
plugins, hooks and contributions as before.

The descriptions below repeat what each module registers;
``tests/plugins/test_lazy_builtins.py`` checks that they stay the same.
"""

import importlib
import threading
import types
from typing import Any, Callable, Optional

from .exporter import Exporter
from .hookspecs import hookimpl
from .model import Text
from .source import Source

__all__ = ["EXPORTERS", "SOURCES", "real", "stand_in"]

EXPORTERS: dict[str, dict[str, Any]] = {
    "llm_roadmap.exporters.markdown": {
        "id": "markdown",
        "title": Text(zh="Markdown 文档", en="Markdown document"),
        "suffix": ".md",
        "media_type": "text/markdown",
        "binary": False,
        "params": {
            "checklist": Text(
                zh="资源前加复选框（- [ ]），供学习者勾选",
                en="put a checkbox (- [ ]) before each resource",
            ),
            "progress": Text(
                zh="学习进度（Progress.statuses）：复选框勾上已完成的资源",
                en="the learner's progress (Progress.statuses): the checklist ticks what is done",
            ),
            "toc": Text(zh="目录（默认 true）", en="include a table of contents (default true)"),
            "diagram": Text(
                zh="嵌入 Mermaid 路线图（默认 true）",
                en="embed the Mermaid diagram (default true)",
            ),
            "title": Text(zh="文档标题", en="the document's title"),
            "direction": Text(
                zh="路线图方向：TD、LR、BT、RL",
                en="direction of the diagram: TD, LR, BT, RL",
            ),
        },
    },
    "llm_roadmap.exporters.csv": {
        "id": "csv",
        "title": Text(zh="CSV 表格（每个资源位置一行）", en="CSV table (one row per placement)"),
        "suffix": ".csv",
        "media_type": "text/csv",
        "binary": False,
        "params": {
            "bom": Text(
                zh="写入 UTF-8 BOM，便于 Excel 正确打开",
                en="start with a UTF-8 BOM so Excel opens it correctly",
            ),
            "progress": Text(
                zh="学习进度（Progress.statuses）：末尾加一列 status",
                en="the learner's progress (Progress.statuses): a last column, status",
            ),
            "escape_formulas": Text(
                zh="以 ' 开头转义可能被当作公式的单元格（默认 true）",
                en="prefix cells that a spreadsheet would run as formulas with ' (default true)",
            ),
        },
    },
    "llm_roadmap.exporters.json": {
        "id": "json",
        "title": Text(zh="JSON（完整数据，含来源）", en="JSON (all the data, with provenance)"),
        "suffix": ".json",
        "media_type": "application/json",
        "binary": False,
        "params": {
            "indent": Text(
                zh="缩进空格数（默认 2；0 为紧凑输出）",
                en="spaces to indent by (default 2; 0 writes compact JSON)",
            ),
            "progress": Text(
                zh="学习进度（Progress.statuses）：顶层 progress 对象",
                en="the learner's progress (Progress.statuses): a top-level progress object",
            ),
        },
    },
    "llm_roadmap.exporters.bibtex": {
        "id": "bibtex",
        "title": Text(
            zh="BibTeX 参考文献（论文与书）",
            en="BibTeX bibliography (papers and books)",
        ),
        "suffix": ".bib",
        "media_type": "application/x-bibtex",
        "binary": False,
        "params": {
            "all": Text(
                zh="也收录其他类型的资源（作为 @misc）",
                en="include every other kind of resource too, as @misc",
            ),
        },
    },
    "llm_roadmap.exporters.mermaid": {
        "id": "mermaid",
        "title": Text(zh="Mermaid 流程图", en="Mermaid flowchart"),
        "suffix": ".mmd",
        "media_type": "text/vnd.mermaid",
        "binary": False,
        "params": {
            "direction": Text(
                zh="图的方向：TD（自上而下，默认）、LR、BT、RL",
                en="direction of the chart: TD (top down, the default), LR, BT, RL",
            ),
            "legend": Text(
                zh="画出各种重要程度的图例（默认 true）",
                en="draw the legend of the emphases (default true)",
            ),
            "links": Text(
                zh="节点链接的前缀，后接 topic-<id>（默认 #，即 Markdown 导出中的章节；none 为不加链接）",  # noqa: E501
                en="prefix of each node's link, before topic-<id> (default #: its section in the Markdown export; none for no links)",  # noqa: E501
            ),
        },
    },
    "llm_roadmap.exporters.sqlite": {
        "id": "sqlite",
        "title": Text(
            zh="SQLite 数据库（可用 datasette 浏览）",
            en="SQLite database (for datasette)",
        ),
        "suffix": ".db",
        "media_type": "application/vnd.sqlite3",
        "binary": True,
        "params": {
            "metadata": Text(
                zh="同时把 datasette 的元数据（标签、说明、搜索）写入此文件",
                en="also write datasette metadata (labels, descriptions, search) to this file",
            ),
            "database": Text(
                zh="元数据中数据库的名称：数据库文件名去掉后缀（默认 roadmap）",
                en="the database name in the metadata: the db file name without suffix (default roadmap)",  # noqa: E501
            ),
        },
    },
    "llm_roadmap.exporters.html": {
        "id": "html",
        "title": Text(
            zh="HTML 交互式网页（离线单文件）",
            en="HTML page (interactive, one offline file)",
        ),
        "suffix": ".html",
        "media_type": "text/html",
        "binary": False,
        "params": {
            "title": Text(zh="网页标题", en="the page's title"),
            "progress": Text(
                zh="从学习进度开始：true 为本机的进度文件，或给出进度 JSON 文件的路径",
                en="start from progress: true for the learner's progress file, or the path of a progress JSON file",  # noqa: E501
            ),
        },
    },
}
SOURCES: dict[str, dict[str, Any]] = {
    "llm_roadmap.sources.markdown_list": {
        "id": "markdown-list",
        "title": Text(zh="Markdown 列表导入", en="Markdown list import"),
        "description": Text(
            zh="把 awesome-list 风格的 Markdown 文档（文件或 URL）导入成一条路线：标题成为主题，列表里的链接成为资源。",  # noqa: E501
            en="Imports an awesome-list style Markdown document (a file or a URL) as a track: headings become topics, list links become resources.",  # noqa: E501
        ),
        "callables": ("import_document",),
    },
    "llm_roadmap.sources.arxiv": {
        "id": "arxiv",
        "title": Text(zh="arXiv 元数据", en="arXiv metadata"),
        "description": Text(
            zh="为带 arXiv 编号的论文获取标题、作者、年份、摘要和最新版本（arXiv 导出 API，分批、每 3 秒一次）。",  # noqa: E501
            en="Title, authors, year, abstract and latest version of every paper with an arXiv id (the arXiv export API, in batches, one request every 3 seconds).",  # noqa: E501
        ),
        "callables": ("fetch", "handles"),
    },
    "llm_roadmap.sources.github": {
        "id": "github",
        "title": Text(zh="GitHub 元数据", en="GitHub metadata"),
        "description": Text(
            zh="为每个 GitHub 仓库获取星标数、最近推送、是否归档、许可证和默认分支（REST API，ETag 重新验证，遵守限流）。",  # noqa: E501
            en="Stars, last push, archived, licence and default branch of every GitHub repository (the REST API, with ETag revalidation, within the rate limits).",  # noqa: E501
        ),
        "callables": ("fetch", "handles"),
    },
}


def real(module: str) -> Any:
    """What ``module`` registers through its own hook (importing it)."""
    got: list[Any] = []
    plugin = importlib.import_module(module)
    hook = plugin.register_exporters if module in EXPORTERS else plugin.register_sources
    hook(got.append)
    return got[0]


def _handing_over(module: str, name: str) -> Callable[..., Any]:
    # One registration of the stand-in resolves the module's object once, on
    # its first call, as a registration of the module itself would hold it.
    found: list[Any] = []
    lock = threading.Lock()

    def call(*args: Any, **kwargs: Any) -> Any:
        if not found:
            with lock:
                if not found:
                    found.append(real(module))
        return getattr(found[0], name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


def _register_exporters(module: str) -> Callable[..., None]:
    def register_exporters(register: Callable[[Exporter], None]) -> None:
        """Register the module's exporter; its ``write`` imports the module."""
        spec = EXPORTERS[module]
        register(Exporter(**spec, write=_handing_over(module, "write")))

    return register_exporters


def _register_sources(module: str) -> Callable[..., None]:
    def register_sources(register: Callable[[Source], None]) -> None:
        """Register the module's source; each of its callables imports the module."""
        spec = dict(SOURCES[module])
        callables = spec.pop("callables")
        handlers: dict[str, Any] = {c: _handing_over(module, c) for c in callables}
        register(Source(**spec, **handlers))

    return register_sources


def stand_in(module: str) -> Optional[object]:
    """The stand-in plugin of a built-in module, or ``None`` if it has none (import it).

    The stand-in is a module object of the same name holding only the hook:
    pluggy looks a module's hooks up in its namespace, while an instance has
    every attribute of its class read with `inspect.getattr_static` (about
    a millisecond for each plugin).
    """
    if module in EXPORTERS:
        hook, name = _register_exporters(module), "register_exporters"
    elif module in SOURCES:
        hook, name = _register_sources(module), "register_sources"
    else:
        return None
    plugin = types.ModuleType(module, f"Stands in for {module} until it is used.")
    setattr(plugin, name, hookimpl(hook))
    return plugin
