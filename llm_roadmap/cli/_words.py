r"""The command line's own words in zh and en: its help, and the words its tables print.

Two tables, read by everything in `llm_roadmap.cli` that shows them:

* `HELP`: the help of every command and option, keyed by the command's path
  (``"progress export"``) and, for an option, the path and the option's
  longest name (``"path --brief"``). An option every command shares
  (``--lang``, ``--json``, ``--help``) is keyed by its name alone. The command
  classes (`llm_roadmap.cli._group`) take their help from here in the
  language of ``--lang``, ``LLM_ROADMAP_LANG`` or the locale.
* `WORDS`: words of the interface that are not a closed vocabulary of the
  model (those are `llm_roadmap.vocabulary`'s): what ``search`` calls a kind
  of hit and the fields that matched, a plugin's status.

A help text is written as click reads a docstring: paragraphs separated by
an empty line, rewrapped to the window; a paragraph after a line holding only
``\b`` is printed as it is (examples).
"""

from collections.abc import Mapping

from ..model import Lang, Text

__all__ = ["HELP", "WORDS", "help_text", "interface_word"]

WORDS: Mapping[str, Text] = {
    # What a search hit is.
    "track": Text(zh="路线", en="track"),
    "topic": Text(zh="主题", en="topic"),
    "resource": Text(zh="资源", en="resource"),
    # The fields a search matched in.
    "id": Text(zh="编号", en="id"),
    "title": Text(zh="标题", en="title"),
    "summary": Text(zh="摘要", en="summary"),
    "description": Text(zh="简介", en="description"),
    "note": Text(zh="建议", en="note"),
    "concepts": Text(zh="概念", en="concepts"),
    "tags": Text(zh="标签", en="tags"),
    "authors": Text(zh="作者", en="authors"),
    # A plugin's status.
    "loaded": Text(zh="已加载", en="loaded"),
    "failed": Text(zh="失败", en="failed"),
    "disabled": Text(zh="已停用", en="disabled"),
}
"""Interface words that are not a vocabulary of the model, by their English value."""


def interface_word(value: str, lang: Lang) -> str:
    """A word of `WORDS` in ``lang``; a value it does not know, as it is (a plugin's own field)."""
    # A search field may carry its language ("title.zh"): the field is the word.
    found = WORDS.get(value.partition(".")[0])
    return value if found is None else found.get(lang)


def help_text(key: str, lang: Lang) -> str:
    """The help under ``key`` in ``lang`` (``""`` when `HELP` has none)."""
    found = HELP.get(key)
    return "" if found is None else found.get(lang)


HELP: Mapping[str, Text] = {
    # -- shared by every command that has them ------------------------------------
    "--help": Text(zh="显示本帮助并退出。", en="Show this message and exit."),
    "--lang": Text(
        zh="文字的语言：zh 或 en（默认取 LLM_ROADMAP_LANG，否则看系统语言环境）。",
        en="Language of the texts (default: LLM_ROADMAP_LANG, else the locale).",
    ),
    "--json": Text(
        zh="输出 JSON（格式见 docs/cli.md）。", en="Print JSON (see docs/cli.md for its shape)."
    ),
    # -- the group -------------------------------------------------------------------
    "llm-roadmap": Text(
        zh="""精选的中英双语大模型学习路线图。

\b
示例：
  llm-roadmap tracks
  llm-roadmap --lang zh show nlp-foundations
  llm-roadmap path llm-foundations
  llm-roadmap resources --kind paper --track nlp-foundations --json""",
        en="""A curated, bilingual (zh/en) LLM learning roadmap.

\b
Examples:
  llm-roadmap tracks
  llm-roadmap --lang en show nlp-foundations
  llm-roadmap path llm-foundations
  llm-roadmap resources --kind paper --track nlp-foundations --json""",
    ),
    "llm-roadmap --version": Text(zh="显示版本号并退出。", en="Show the version and exit."),
    "llm-roadmap --lang": Text(
        zh="文字的语言：zh 或 en（默认取 LLM_ROADMAP_LANG，否则看系统语言环境）。",
        en="Language of the texts: zh or en (default: LLM_ROADMAP_LANG, else the locale).",
    ),
    "llm-roadmap --json": Text(
        zh="输出 JSON 而不是表格（所有列表类命令都适用）。",
        en="Print JSON instead of tables (every listing command).",
    ),
    "llm-roadmap --debug": Text(
        zh="出错时显示完整的调用栈，而不是一行错误信息。",
        en="Show tracebacks instead of one-line errors.",
    ),
    "llm-roadmap --strict": Text(
        zh="插件加载失败即报错（等同于 LLM_ROADMAP_STRICT_PLUGINS=1）。",
        en="Make a failing plugin an error (same as LLM_ROADMAP_STRICT_PLUGINS=1).",
    ),
    "llm-roadmap --no-pager": Text(
        zh="长输出也不交给分页器（同 git --no-pager）。",
        en="Never send long output through a pager (as git --no-pager).",
    ),
    "llm-roadmap --data": Text(
        zh="与路线图一起加载的额外数据文件或目录，可重复；- 表示从标准输入读取 TOML。",
        en="Extra data file or directory to load with the roadmap (repeatable; - reads TOML "
        "from standard input).",
    ),
    # -- browsing --------------------------------------------------------------------
    "tracks": Text(
        zh="""按顺序列出所有路线。

列：序号、编号、标题、主题数、侧重、来源（注册该路线的插件的发行包和版本）；标记过进度后，最
后多一列：已完成或已跳过的主题数（如 3/10）。""",
        en="""List the tracks in order.

Columns: position, id, title, number of topics, emphasis, origin (the plugin's distribution
and version); once you have marked progress, a last column with the topics done or skipped
(3/10).""",
    ),
    "show": Text(
        zh="""显示一条路线或一个主题及其资源。

路线会逐一显示其中的主题；主题只显示它自己。每个主题列出概念、前置主题和资源，并注明资源的角
色（必学、选看、任选其一）和学习建议。""",
        en="""Show a track or a topic with its resources.

A track shows each of its topics; a topic shows itself. Each topic lists its concepts,
prerequisites and resources with their role (core, optional, pick one of a group) and notes.""",
    ),
    "resources": Text(
        zh="""按条件筛选并列出资源。

给出的每个条件都必须满足；同一条件给出多次时，满足其中任意一个即可。资源按路线图中的顺序排
列。列：编号、标题、类型、年份、语言、难度、免费或付费、网址。""",
        en="""List resources, filtered.

Every filter given must match; a filter given several times matches any of its values.
Resources come in roadmap order. Columns: id, title, kind, year, language, level, free or
paid, url.""",
    ),
    "resources --kind": Text(
        zh="只列这种类型的资源（可重复，满足其一即可）。",
        en="Only resources of this kind (repeatable: any of them).",
    ),
    "resources --track": Text(
        zh="只列这条路线中的资源（可重复）。",
        en="Only resources placed in this track (repeatable).",
    ),
    "resources --topic": Text(
        zh="只列这个主题中的资源（可重复）。",
        en="Only resources placed in this topic (repeatable).",
    ),
    "resources --tag": Text(
        zh="只列带这个标签的资源（可重复，满足其一即可）。",
        en="Only resources with this tag (repeatable: any of them).",
    ),
    "resources --language": Text(
        zh="只列用这种语言写成的资源（en、zh 等）。",
        en="Only resources written in this language (en, zh...).",
    ),
    "resources --level": Text(
        zh="只列这个难度的资源（可重复）。", en="Only resources of this level (repeatable)."
    ),
    "resources --free": Text(
        zh="只列免费资源，或（--not-free）只列付费资源。",
        en="Only free resources, or only paid ones.",
    ),
    "search": Text(
        zh="""搜索路线、主题和资源。

查询中的每个词都必须出现在标题、摘要、简介、概念、标签或作者中（不区分大小写和全角半角，中文
同样适用）。列：类别、编号、标题、得分、匹配的字段。""",
        en="""Search tracks, topics and resources.

Every word must match (case- and width-insensitive, Chinese included) in a title, summary,
description, concept, tag or author. Columns: type, id, title, score, matched fields.""",
    ),
    "search --limit": Text(zh="最多显示这么多条结果。", en="Show at most this many hits."),
    "path": Text(
        zh="""通往一条路线或一个主题的学习路径。

按先修在前的顺序给出所需的每个主题并编号；每个主题下列出要读的内容：先是必学资源，然后每组
“任选其一”作为一个选择，最后是选看资源（--core-only 不显示选看），附类型、难度、建议和更多链
接。每一步都注明侧重和原文档的建议；标记过进度后，还会显示学习状态。--brief 只以表格列出主
题。""",
        en="""The learning path to a track or topic.

Every topic it needs, prerequisites first, numbered; under each, what to read: core
resources, then each pick-one group as one choice, then optional ones (--core-only hides
them), with kind, level, note and further links. Each step shows its emphasis with the
source's advice. With progress marked, statuses are shown too. --brief lists only the
topics, as a table.""",
    ),
    "path --core-only": Text(zh="不列选看资源。", en="Leave out the optional resources."),
    "path --brief": Text(
        zh=(
            "只列主题，每个一行：序号、编号、标题、路线，来自其他路线的标 *，"
            "学习时长（不含选看资源）。"
        ),
        en="Only the topics, one line each: position, id, title, track, * for another track, "
        "study time (without the optional resources).",
    ),
    # -- progress --------------------------------------------------------------------
    "mark": Text(
        zh="""标记资源或主题的学习状态：学习中、已完成、已跳过（或未开始）。

STATUS 取 pending、learning、done、skipped 之一，写在编号之前；每个 ID 是一个资源或主题的编
号（两者同名时写 topic:ID 或 resource:ID）。有未知编号时什么都不改，并提示最接近的编号。进度
文件在锁保护下原子写入。""",
        en="""Mark resources or topics: learning, done, skipped (or pending).

STATUS is one of pending, learning, done, skipped, and comes before the ids; each ID is a
resource or a topic (topic:ID or resource:ID when an id is both). When an id is unknown
nothing is changed, and the nearest ids are suggested. The progress file is written
atomically, under a lock.""",
    ),
    "unmark": Text(
        zh="""撤销标记：这些资源或主题恢复为未开始。

撤销本身也会连同时间一起记录，这样在另一台机器上 progress import 时也会生效。""",
        en="""Take a mark back: the resources or topics are pending again.

The un-marking is recorded with its time, so that progress import on another machine
carries it over.""",
    ),
    "progress": Text(
        zh="""按路线和主题显示你的学习进度；也可导出、导入进度。

主题的状态以你标记的为准，否则由其资源推算：所有必学资源都已完成或跳过、且每组“任选其一”都有
一份完成时，主题即完成；有任何资源开始学习时，主题为学习中。管道输出的列：路线、主题（路线本
身那一行为空）、状态、计数（已完成的主题数，或已满足的要求数）。路线图中已不存在的编号会保
留，并在标准错误中列出。""",
        en="""Show your progress per track and topic; export and import it.

Each topic's status is the one you marked, else derived from its resources: done when every
core resource is done or skipped and every pick-one group has one; learning when any
resource is started. Columns when piped: track, topic (empty on a track's own line),
status, count (topics settled, or requirements met). Ids the roadmap no longer has are kept
and listed on stderr.""",
    ),
    "progress --track": Text(zh="只看这条路线。", en="Only this track."),
    "progress export": Text(
        zh="""把你的进度导出为 JSON，以便迁移到另一台机器。

格式见公开的 progress.schema.json；在另一台机器上用 progress import 合并。-o - 表示写到标准
输出。""",
        en="""Write your progress as JSON, to move it to another machine.

The layout is published as progress.schema.json; progress import on the other machine
merges it. -o - writes to standard output.""",
    ),
    "progress export --output": Text(
        zh="写入 FILE（原子写入），而不是标准输出；- 表示标准输出。",
        en="Write to FILE (atomically) instead of stdout; - is stdout.",
    ),
    "progress import": Text(
        zh="""把一个进度文件合并到你的进度中：对每个编号，较晚设置的状态为准。

路线图不认识的编号也会一并收下（它们可能属于这里没有安装的插件）。FILE 为 - 时从标准输入读
取。""",
        en="""Merge a progress file into yours: per id, the status set later wins.

Ids the roadmap does not know are taken in too (they may belong to a plugin not installed
here). A FILE of - reads standard input.""",
    ),
    "next": Text(
        zh="""接下来学什么：现在可以开始的主题，以及从哪些资源入手。

一个主题未完成、未跳过，且每个前置主题都已完成或跳过时，就可以开始学。主题按学习路径的顺序排
列（给出 TRACK_OR_TOPIC 时，只列通往它的路径上的主题）。每个主题列出还没学完的必学资源，以及
每组“任选其一”中的一份。""",
        en="""What to study next: the topics open to you, with the resources to start with.

A topic is open when it is not done or skipped and every prerequisite is done or skipped;
topics come in path order (only those on the path to TRACK_OR_TOPIC when given). Each lists
its core resources still to do, then one of each pick-one group.""",
    ),
    "plan": Text(
        zh="""按周排到学完那天的学习计划：路径上还剩什么，按你每周的时间排。

还没完成或跳过的资源（见 progress）按学习路径的顺序，一周一周排满 --hours-per-week；
本周剩下的时间放不下的资源挪到下一周，只有比一周还长的资源才会拆到几周里。每组“任选其一”只算一份。
不给 TRACK_OR_TOPIC 时，排整个路线图的主题。
输出每一周的日期、内容和时长，以及总时长和学完的日期。""",
        en="""A weekly study plan to a date: what is left on the path, within your hours.

The resources not done or skipped (see progress), in learning-path order, fill weeks up to
--hours-per-week; a resource that does not fit in what is left of a week starts the next
one, and only one longer than a week is split over weeks. Pick-one groups count one member.
Without TRACK_OR_TOPIC, every topic of the roadmap. Prints each week with its dates, items
and hours, the total and the finish.""",
    ),
    "plan --hours-per-week": Text(
        zh="每周学习的小时数（大于 0）。", en="Hours a week to study (more than 0)."
    ),
    "plan --start": Text(
        zh="第一周的第一天（默认：今天）。", en="First day of the first week (default: today)."
    ),
    "plan --include": Text(zh="把选看资源也排进去。", en="Also plan the optional resources."),
    "plan --ics": Text(
        zh='另外把每一周写成日历事件，存入 FILE（需要 pip install "llm-roadmap[calendar]"）。',
        en='Also write the weeks as calendar events to FILE (pip install "llm-roadmap[calendar]").',
    ),
    # -- data ------------------------------------------------------------------------
    "validate": Text(
        zh="""校验路线图数据文件。

不给 PATH 时，校验内置数据和所有已安装的插件（插件加载失败也算一个问题）。给出 PATH（TOML 文
件或目录；- 表示从标准输入读取 TOML）时，将其与路线图一起校验，或加 --standalone 单独校验。
每个问题按“文件: 类别 '条目': 字段: 说明”输出，有任何问题时退出状态为 1。加 --lint 时，通过
校验的数据还会做一致性检查，每条结果末尾注明规则（如 [spelling]）。""",
        en="""Validate roadmap data files.

Without PATH, validate the bundled data and every installed plugin (a plugin that fails
counts as a problem). With PATHs (TOML files or directories; - reads TOML from standard
input), validate them together with the roadmap, or alone with --standalone. Prints every
problem as "file: kind 'entry': field: message" and exits with status 1 if there is any.
With --lint, data that validates is also linted, and each finding ends with its rule
([spelling]).""",
    ),
    "validate --standalone": Text(
        zh="单独校验 PATH：不得引用内置数据或插件中的内容。",
        en="Check PATHs alone: they may not refer to the bundled data or plugins.",
    ),
    "validate --lint": Text(
        zh=(
            "同时运行整理者的一致性检查：拼写、术语、标题大小写、必填字段、每个主题教什么（见整"
            "理指南）。"
        ),
        en="Also run the curators' consistency lint: spelling, terms, title case, required "
        "fields, what each topic teaches (see the curation guide).",
    ),
    "validate --waivers": Text(
        zh="你自己的豁免文件，与内置的豁免文件一起使用（可重复）。",
        en="A lint waivers file of your own, added to the bundled one (repeatable).",
    ),
    "export": Text(
        zh="""导出路线图：Markdown、CSV、JSON、BibTeX、Mermaid。

也可以用插件提供的任何格式（见 --list）。可以导出整个路线图，也可以只导出指定的路线、主题和
资源类型，文字使用 --lang 指定的语言。输出到标准输出，或写入 --output 指定的文件（导出成功后
才替换原文件；-o - 表示标准输出）。

\b
示例：
  llm-roadmap export --format markdown --lang zh -o roadmap.md
  llm-roadmap export --format csv --track nlp-foundations > nlp.csv
  llm-roadmap export --format json -o - | jq '.tracks[].id'
  llm-roadmap export --format markdown --checklist -O diagram=false
  llm-roadmap export --list""",
        en="""Export the roadmap: Markdown, CSV, JSON, BibTeX, Mermaid.

Or the format of any exporter a plugin adds (see --list). The whole roadmap, or only the
given tracks, topics and kinds of resource, in the language of --lang. Output goes to
stdout, or to the --output file, which is replaced only once the export has succeeded (-o -
is stdout).

\b
Examples:
  llm-roadmap export --format markdown --lang en -o roadmap.md
  llm-roadmap export --format csv --track nlp-foundations > nlp.csv
  llm-roadmap export --format json -o - | jq '.tracks[].id'
  llm-roadmap export --format markdown --checklist -O diagram=false
  llm-roadmap export --list""",
    ),
    "export --format": Text(
        zh="导出器：markdown、csv、json、bibtex、mermaid……",
        en="The exporter: markdown, csv, json, bibtex, mermaid...",
    ),
    "export --list": Text(
        zh="列出所有导出器（包括插件提供的）后退出。",
        en="List every exporter (plugins' too) and exit.",
    ),
    "export --output": Text(
        zh=(
            "写入这个文件（原子写入；默认为标准输出，- 也表示标准输出）；未给 --format 时由文件"
            "后缀决定格式。"
        ),
        en="Write to this file, atomically (default: stdout, also -); its suffix picks the "
        "format when --format is not given.",
    ),
    "export --track": Text(zh="只导出这条路线（可重复）。", en="Only this track (repeatable)."),
    "export --topic": Text(zh="只导出这个主题（可重复）。", en="Only this topic (repeatable)."),
    "export --kind": Text(
        zh="只导出这种类型的资源（可重复）。", en="Only resources of this kind (repeatable)."
    ),
    "export --checklist": Text(
        zh="Markdown：每个资源前加一个复选框。", en="Markdown: a checkbox before each resource."
    ),
    "export --bom": Text(
        zh="CSV：以 UTF-8 字节序标记开头，方便 Excel 打开。",
        en="CSV: start with a UTF-8 byte-order mark, for Excel.",
    ),
    "export --progress": Text(
        zh="带上你的进度：Markdown 勾选已完成的资源，CSV 增加状态列，JSON 增加 progress 对象。",
        en="Show your progress: Markdown ticks what is done, CSV adds a status column, "
        "JSON a progress object.",
    ),
    "export --option": Text(
        zh="导出器自己的选项，如 -O diagram=false（可重复；--list 列出每个导出器的选项）。",
        en="An option of the exporter, such as -O diagram=false (repeatable; --list shows them).",
    ),
    # -- plugins ---------------------------------------------------------------------
    "plugins": Text(
        zh="""列出插件及其贡献的内容。

先列内置插件，再列已安装的插件。列：名称、发行包、版本、内置或已安装、状态（已加载、失败、已
停用）、钩子、贡献、错误。加载失败的插件会连同错误一起列出，但不影响退出状态；
被 LLM_ROADMAP_PLUGINS 或 LLM_ROADMAP_DISABLE_PLUGINS 停用的插件只在加 --all 时列出。

加 --available 时改为列出精选的插件目录：每个已知插件提供什么、安装它的命令（llm-roadmap
install NAME），以及它在这里是否已安装（哪个版本）、是否已加载。""",
        en="""List plugins and what they added.

Built-ins first, then installed plugins. Columns: name, distribution, version, built-in or
installed, status (loaded, failed, disabled), hooks, what it contributed, error. A failed
plugin is listed with its error and does not change the exit status; disabled plugins
(LLM_ROADMAP_PLUGINS, LLM_ROADMAP_DISABLE_PLUGINS) are shown only with --all.

With --available, list the curated plugin directory instead: each known plugin, what it
adds, the command that installs it (llm-roadmap install NAME), and whether (and in which
version) it is installed and loaded here.""",
    ),
    "plugins --all": Text(
        zh="也列出被插件选择停用的插件。", en="Include plugins disabled by the selection."
    ),
    "plugins --available": Text(
        zh="列出插件目录：已知的插件、安装方法，以及哪些已经安装。",
        en="List the plugin directory: known plugins, how to install them, which are installed.",
    ),
    "plugin": Text(zh="创建和检查插件。", en="Create and check plugins."),
    "plugin new": Text(
        zh="""创建一个可以直接使用的路线插件包 NAME。

\b
包中有：带 llm_roadmap 入口点的 pyproject.toml、一个用 register_tracks 钩子注册 data/ 目录的
模块、一条双语示例路线（或 --from 给出的数据）、README 和一个测试。然后：
  cd llm-roadmap-NAME && python -m pip install -e '.[test]' && pytest""",
        en="""Create a working track plugin package NAME.

\b
It holds pyproject.toml with the llm_roadmap entry point, a module whose
register_tracks hook registers its data/ folder, a bilingual sample track
(or the data given with --from), a README and a test. Then:
  cd llm-roadmap-NAME && python -m pip install -e '.[test]' && pytest""",
    ),
    "plugin new --directory": Text(
        zh="创建包的位置（默认：./llm-roadmap-NAME），必须是新目录或空目录。",
        en="Where to create the package (default: ./llm-roadmap-NAME). Must be new or empty.",
    ),
    "plugin new --track-id": Text(
        zh="示例路线的编号（默认：NAME）。", en="Id of the sample track (default: NAME)."
    ),
    "plugin new --from": Text(
        zh="以这份路线图数据（TOML 文件或目录）为起点，而不是示例路线。",
        en="Start from this roadmap data (a TOML file or directory) instead of a sample track.",
    ),
    "plugin check": Text(
        zh="""单独、严格地加载一个已安装的插件，并检查它注册的所有内容。

有任何问题时列出全部问题，退出状态为 1；这就是 llm_roadmap.testing.check_plugin 做的检查，供
插件作者在 CI 中使用。""",
        en="""Load one installed plugin alone, strictly, and check all it registers.

Exits with status 1 and lists every problem if there is any; this is the check
`llm_roadmap.testing.check_plugin` runs, for a plugin author's CI.""",
    ),
    "plugin check --also": Text(
        zh="同时加载的另一个已安装插件（可重复）；它依赖的插件总会加载。",
        en="Another installed plugin to load with it (repeatable); required ones load anyway.",
    ),
    "install": Text(
        zh="""用 pip 安装插件，装到运行 llm-roadmap 的环境中。

pip 由运行 llm-roadmap 的 Python 解释器执行，所以插件会装到 llm-roadmap 加载插件的环境里；安
装源是 pip 配置的索引（PIP_INDEX_URL、pip.conf）。

PACKAGES 可以是插件目录中的插件名（见 llm-roadmap plugins --available），会换成目录给出的安
装要求；也可以是 pip 接受的任何东西：其他包名、项目或 wheel 的路径、网址。不在任何包索引上的插件，
可以从 llm-roadmap 仓库的检出目录安装（llm-roadmap install ./plugins/NAME），
或者用 --index-url 指定有它的索引。""",
        en="""Install plugins with pip, where llm-roadmap runs.

pip runs for the Python interpreter that runs llm-roadmap, so the plugins land in the
environment llm-roadmap loads them from, and it installs from whatever index pip is
configured for (PIP_INDEX_URL, pip.conf).

PACKAGES are plugin names from the plugin directory (llm-roadmap plugins --available),
which become the requirement the directory gives, or anything pip accepts: other names,
paths to a project or a wheel, URLs. A plugin on no index installs from a checkout of the
llm-roadmap repository (llm-roadmap install ./plugins/NAME) or with --index-url.""",
    ),
    "install --upgrade": Text(
        zh="把这些包升级到最新版本。", en="Upgrade the packages to the newest version."
    ),
    "install --editable": Text(
        zh="以可编辑模式安装一个本地项目（可重复）。",
        en="Install a local project in editable mode (repeatable).",
    ),
    "install --force-reinstall": Text(
        zh="即使已是最新也重新安装。", en="Reinstall even if already up to date."
    ),
    "install --no-deps": Text(
        zh="不安装这些包的依赖。", en="Do not install the packages' dependencies."
    ),
    "install --no-cache-dir": Text(zh="不使用 pip 的缓存。", en="Do not use pip's cache."),
    "install --pre": Text(zh="也考虑预发布版本。", en="Include pre-release versions."),
    "install --index-url": Text(
        zh="从这个包索引安装，而不是 pip 配置的那个。",
        en="Install from this package index instead of the one pip is set up for.",
    ),
    "uninstall": Text(
        zh="""用 pip 卸载插件（在运行 llm-roadmap 的环境中）。

pip 会在终端上请你确认；标准输入不是终端时（脚本、管道），请加 --yes。""",
        en="""Uninstall plugins with pip, where llm-roadmap runs.

pip asks for confirmation on the terminal; with no terminal on standard input (a script, a
pipe), give --yes.""",
    ),
    "uninstall --yes": Text(
        zh="不要求确认（标准输入不是终端时必须加）。",
        en="Do not ask for confirmation (needed without a terminal).",
    ),
    # -- network and sources ---------------------------------------------------------
    "check-links": Text(
        zh="""检查每个资源网址：正常、失效或无法确定。

先发 HEAD 请求（服务器处理不好 HEAD 时改用 GET），跟随重定向；每个网址只查一次，多个同时进
行，无论服务器怎样响应都有时间上限。正常的结果记住一周，重新运行时只查其余的（
加 --remember-failures 时失败的结果也会记住）。有网址失效时退出状态为 1（加 --strict 时，有网址
无法确定也是 1：被限流、超时、遇到防爬页面等）。一个主机名都解析不了时，本机看来没有联网，这
些链接算作无法确定，而不是失效。

\b
示例：
  llm-roadmap check-links
  llm-roadmap check-links --offline
  llm-roadmap check-links --markdown -o links.md""",
        en="""Check every resource URL: ok, broken or indeterminate.

HEAD first (GET when a server mishandles HEAD), redirects followed, each URL once, several
at a time, each within a bounded time whatever a server sends. Ok results are remembered
for a week, so a rerun checks only the rest (failures too, with --remember-failures). Exit
status 1 when a URL is broken (with --strict, also when one is indeterminate: rate limited,
timed out, a bot wall...). When no host name resolves at all, the machine looks offline,
and the links count as indeterminate, not broken.

\b
Examples:
  llm-roadmap check-links
  llm-roadmap check-links --offline
  llm-roadmap check-links --markdown -o links.md""",
    ),
    "check-links --markdown": Text(
        zh="输出（或写入）Markdown 格式的报告。", en="Print (or write) a Markdown report."
    ),
    "check-links --output": Text(
        zh=(
            "把报告写入这个文件（JSON 或 Markdown，由 --json/--markdown 或文件后缀决定；- 表示"
            "标准输出）。"
        ),
        en="Write the report to this file (JSON or Markdown, by --json/--markdown or the "
        "suffix; - is stdout).",
    ),
    "check-links --offline": Text(
        zh="只用缓存回答，绝不联网。", en="Answer from the cache only; never use the network."
    ),
    "check-links --strict": Text(
        zh="有网址无法确定时也以状态 1 退出。", en="Exit with 1 when a URL is indeterminate, too."
    ),
    "check-links --refresh": Text(
        zh="不管记住了什么，每个网址都重新检查。",
        en="Check every URL again, whatever is remembered.",
    ),
    "check-links --remember-failures": Text(
        zh="把失效和无法确定的结果记住这么多秒（0：不记住）；显示时注明是记住的结果。",
        en="Remember broken and indeterminate results this long (0: never); shown as remembered.",
    ),
    "check-links --track": Text(
        zh="只检查这条路线的资源。", en="Check only this track's resources."
    ),
    "check-links --workers": Text(zh="同时检查的网址数。", en="URLs at once."),
    "check-links --per-host": Text(zh="同一主机同时检查的网址数。", en="URLs of one host at once."),
    "check-links --timeout": Text(
        zh="等待服务器响应的秒数。", en="Seconds to wait for a server to answer."
    ),
    "check-links --retries": Text(zh="请求失败后的重试次数。", en="Retries of a failed request."),
    "check-links --json": Text(
        zh="以 JSON 输出报告（格式见 docs/cli.md）。",
        en="Print the report as JSON (see docs/cli.md for its shape).",
    ),
    "import": Text(
        zh="""把一份 Markdown 列表导入为一条路线。

DOCUMENT 是一个文件、一个 http(s) 网址（经 HTTP 缓存获取），或 -（从标准输入读取）。
标题成为主题，列表中的链接成为资源；结果先与已安装的路线图一起校验，再写入 OUTPUT 下的
tracks/ID.toml 和 resources/ID.toml。
指向路线图中已有资源（arXiv 编号、DOI、ISBN、GitHub 仓库或网址相同）的链接，会直接引用已有资源，
而不是复制一份。最后输出统计：每个链接都归入一类（导入、合并、次要、跳过及原因），
提示中会说明略去了什么（页面杂项章节、没有 --base-url 时的相对链接）。规则见 docs/sources.md。""",
        en="""Import a Markdown list as a track.

DOCUMENT is a file, an http(s) URL (fetched through the HTTP cache), or - for standard
input. Headings become topics and list links resources; the result is written to OUTPUT as
tracks/ID.toml and resources/ID.toml, after checking that it validates with the installed
roadmap. A link to a resource the roadmap already has (same arXiv id, DOI, ISBN, GitHub
repository or URL) places that resource instead of a copy. Prints what was found: every
link lands in one count (imported, merged, secondary, skipped and why), and the notes name
what was left out (furniture sections, relative links without --base-url). docs/sources.md
has the rules.""",
    ),
    "import --track-id": Text(
        zh="要创建的路线的编号（kebab-case）。", en="Id of the track to create (kebab-case)."
    ),
    "import --title": Text(
        zh="路线的标题（默认：文档的一级标题）。",
        en="Title of the track (default: the document's # heading).",
    ),
    "import --id-prefix": Text(
        zh="生成的主题和资源编号的前缀（默认：路线编号；'' 表示不加）。",
        en="Prefix of the generated topic and resource ids (default: the track id; '' for none).",
    ),
    "import --output": Text(
        zh="要写入的数据目录（tracks/ID.toml 和 resources/ID.toml）。",
        en="Data directory to write (tracks/ID.toml and resources/ID.toml).",
    ),
    "import --source": Text(zh="读取文档的来源。", en="The source that reads the document."),
    "import --force": Text(zh="覆盖已存在的文件。", en="Replace files that already exist."),
    "import --offline": Text(
        zh="网址只从 HTTP 缓存读取。", en="Read a URL from the HTTP cache only."
    ),
    "import --keep-heading": Text(
        zh="即使这个标题下的内容看起来像页面杂项，也导入它（可重复）。",
        en="Import this heading's section although it looks like page furniture (repeatable).",
    ),
    "import --base-url": Text(
        zh=(
            "列表自己的网址，用来解析其中的相对链接"
            "（默认：DOCUMENT 是网址时就用它；没有时跳过这些链接并计数）。"
        ),
        en="The list's own address, to resolve its relative links (default: DOCUMENT when it "
        "is a URL; without one they are skipped and counted).",
    ),
    "import --no-merge": Text(
        zh="路线图中已有的资源也复制一份，而不是引用已有的。",
        en="Copy resources the roadmap already has instead of placing the existing ones.",
    ),
    "sources": Text(
        zh="""列出来源；获取 arXiv 和 GitHub 的元数据。

\b
示例：
  llm-roadmap sources list
  llm-roadmap sources refresh
  llm-roadmap sources refresh --source github --offline""",
        en="""List sources; fetch arXiv and GitHub metadata.

\b
Examples:
  llm-roadmap sources list
  llm-roadmap sources refresh
  llm-roadmap sources refresh --source github --offline""",
    ),
    "sources list": Text(
        zh="""列出已注册的来源：各自做什么，已经获取了多少。

列：编号、名称、功能（导入、获取）、覆盖路线图中的多少资源、有多少资源已存有它的元数据、注册
它的插件。""",
        en="""List the registered sources: what each does and how much it has fetched.

Columns: id, title, what it does (import, fetch), the resources of the roadmap it covers,
the resources with stored metadata from it, and the plugin that registered it.""",
    ),
    "sources refresh": Text(
        zh="""把 arXiv 和 GitHub 的元数据获取到本地存储。

每个来源经 HTTP 缓存查询它负责的资源（arXiv：有 arXiv 编号的论文；GitHub：代码库），每个来源
查完就保存结果；中途中断（Ctrl-C）会保留已获取的内容，并以状态 130 退出。
设置 GITHUB_TOKEN 可获得 GitHub 更高的请求限额。
有来源提前停止（被限流、网络故障）时退出状态为 1。""",
        en="""Fetch arXiv and GitHub metadata into the local store.

Each source looks up the resources it handles (arXiv: papers with an arXiv id; GitHub:
repositories) through the HTTP cache, and what it finds is saved after each source; an
interrupted run (Ctrl-C) keeps what had arrived and exits with status 130. Set GITHUB_TOKEN
for GitHub's higher rate limit. Exits with status 1 when a source stopped early (a rate
limit, a network failure).""",
    ),
    "sources refresh --source": Text(
        zh="只用这个来源（可重复；默认：所有能获取元数据的来源）。",
        en="Only this source (repeatable; default: every source that fetches).",
    ),
    "sources refresh --offline": Text(
        zh="只从 HTTP 缓存回答，绝不联网。",
        en="Answer from the HTTP cache only, never the network.",
    ),
}
"""The help of every command and option, in zh and en, by command path (and option name)."""
