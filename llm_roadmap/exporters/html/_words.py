"""The page's own words (buttons, headings, messages), in both languages.

The vocabulary words (kinds, levels, roles, emphases, statuses) are not here:
they come from `llm_roadmap.vocabulary` when the page is built. The script
reads every word from the embedded data, so it holds no text of its own.
"""

from ...model import Lang, Text
from ..text import words

# The words the page shares with the other human-readable formats come from
# their one table, so the title, counts and headings read the same in every export.
_ZH, _EN = words(Lang.ZH), words(Lang.EN)


def _shared(key: str) -> Text:
    return Text(zh=_ZH[key], en=_EN[key])


WORDS: dict[str, Text] = {
    "title": _shared("title"),
    "counts": _shared("counts"),
    "generated": _shared("generated"),
    "language": Text(zh="语言", en="Language"),
    "search": Text(zh="搜索", en="Search"),
    "search_hint": Text(zh="主题、资源、作者……", en="topics, resources, authors…"),
    "results": Text(
        zh="找到 {topics} 个主题、{resources} 项资源", en="{topics} topics, {resources} resources"
    ),
    "no_results": Text(zh="没有找到匹配的主题或资源", en="No topic or resource matches"),
    "clear": Text(zh="清除", en="Clear"),
    "graph": Text(zh="路线图", en="Roadmap graph"),
    "needs": Text(zh="先修：{list}", en="Needs {list}"),
    "graph_help": Text(
        zh="方向键在主题间移动，回车打开主题，Esc 关闭。",
        en="Arrow keys move between topics, Enter opens one, Esc closes it.",
    ),
    "legend": _shared("legend"),
    "emphasis": Text(zh="重要程度", en="Emphasis"),
    "edge_local": Text(zh="同一路线内的先修", en="prerequisite in the same track"),
    "edge_cross": Text(zh="来自其他路线的先修", en="prerequisite from another track"),
    "progress": Text(zh="学习进度", en="Progress"),
    "progress_of": Text(zh="已完成 {done}/{total} 个主题", en="{done} of {total} topics done"),
    "hours_of": Text(zh="已学 {done} 小时，还剩 {left} 小时", en="{done} h done, {left} h left"),
    "hours_partial": Text(zh="（部分资源未估时长）", en=" (some times unknown)"),
    "study_time": Text(zh="学习时长：约 {hours} 小时", en="Study time: about {hours} h"),
    "study_basis": Text(zh="（{basis}）", en=" ({basis})"),
    "export_progress": Text(zh="导出进度", en="Export progress"),
    "import_progress": Text(zh="导入进度", en="Import progress"),
    "imported": Text(zh="已导入：更新了 {count} 项", en="Imported: {count} entries updated"),
    "import_failed": Text(zh="无法导入：{reason}", en="Could not import: {reason}"),
    "not_progress": Text(
        zh="这不是 llm-roadmap 的进度文件", en="this is not an llm-roadmap progress file"
    ),
    "not_json": Text(zh="文件不是有效的 JSON", en="the file is not valid JSON"),
    "storage_off": Text(
        zh="浏览器不允许本地存储：进度只保留到关闭页面。",
        en="This browser allows no local storage: progress lasts until the page is closed.",
    ),
    "track": Text(zh="路线", en="Track"),
    "topic_status": Text(zh="主题状态", en="Topic status"),
    "derived": Text(zh="（由资源推算）", en="(from its resources)"),
    "mark": Text(zh="标记为", en="Mark as"),
    "summary": Text(zh="简介", en="Summary"),
    "concepts": _shared("concepts"),
    "prerequisites": _shared("prerequisites"),
    "needed_by": Text(zh="后续主题", en="Leads to"),
    "advice": _shared("advice"),
    "resources": _shared("resources"),
    "pick_one": Text(zh="任选其一", en="Pick one of"),
    "note": _shared("note"),
    "links": _shared("links"),
    "paid": _shared("paid"),
    "free": Text(zh="免费", en="free"),
    "in_language": Text(zh="语言：{language}", en="in {language}"),
    "close": Text(zh="关闭", en="Close"),
    "outline": Text(zh="全部主题", en="All topics"),
    "outline_help": Text(
        zh="整份路线图的文字版，也是打印（另存为 PDF）时的内容。",
        en="The whole roadmap as text; this is what printing (Save as PDF) gives.",
    ),
    "no_link": Text(zh="（链接不安全，未显示）", en="(unsafe link, not shown)"),
    "open_topic": Text(zh="打开主题", en="Open topic"),
    "status_marker": Text(zh="状态", en="Status"),
    "lang_zh": Text.same("中文"),
    "lang_en": Text.same("English"),
    "et_al": _shared("et_al"),
    "list_sep": _shared("list_sep"),
}
"""Every word of the page's interface, by key."""

LANGUAGES: dict[str, Text] = {
    "en": Text(zh="英文", en="English"),
    "zh": Text(zh="中文", en="Chinese"),
}
"""The names of the languages resources are commonly written in."""
