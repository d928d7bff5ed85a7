"""A small course for the plan tests: a long resource, an unknown time, a pick-one group.

``start`` asks ``long-course`` (10 h), ``short-a`` (2 h) and one of
``pick-1`` (3 h) and ``pick-2`` (1 h), with ``extra-read`` (1.5 h) optional;
``middle`` (after ``start``) asks ``short-b`` (4 h), ``mystery`` (no time,
as third-party data may leave it) and ``short-c`` (1 h); ``finish`` (after
``middle``) asks ``short-a`` again, for another part (2.5 h), with a part of
``long-course`` (3 h) optional.

Laid out at 6 hours a week from Monday 2027-01-04, what it asks is:

- week 1: long-course, 6 of its 10 h (it is longer than a week);
- week 2: long-course, its last 4 h; short-a, 2 h;
- week 3: pick-1, 3 h (short-b's 4 h do not fit after it);
- week 4: short-b, 4 h; mystery, no time; short-c, 1 h;
- week 5: short-a, 2.5 h.
"""

import textwrap
from pathlib import Path
from typing import Optional

from _cli_runner import cli_runner
from click.testing import Result

import llm_roadmap
from llm_roadmap.cli import main

RESOURCES = "".join(
    f"""
[[resources]]
id = "{rid}"
title = {{ zh = "{zh}", en = "{en}" }}
url = "https://example.org/{rid}"
kind = "{kind}"
language = "en"
description = {{ zh = "测试资源。", en = "A test resource." }}
"""
    for rid, zh, en, kind in (
        ("long-course", "长课程", "A long course", "course"),
        ("short-a", "短文甲", "Short read A", "article"),
        ("pick-1", "选读一", "Pick one", "video"),
        ("pick-2", "选读二", "Pick two", "video"),
        ("extra-read", "选读文章", "Extra read", "blog"),
        ("short-b", "短文乙", "Short read B", "paper"),
        ("mystery", "未知时长", "Mystery", "docs"),
        ("short-c", "短文丙", "Short read C", "article"),
    )
)


def _placed(resource: str, hours: "float | None", role: str = "core", group: str = "") -> str:
    lines = [
        "[[tracks.topics.resources]]",
        f'resource = "{resource}"',
        f'role = "{role}"',
    ]
    if group:
        lines.append(f'group = "{group}"')
    if hours is not None:
        lines.append(f"hours = {hours}")
        lines.append(
            f'hours_basis = {{ zh = "估计：{hours:g} 小时", en = "Estimate: {hours:g} h" }}'
        )
    return "\n".join(lines) + "\n\n"


TRACK = (
    """
[[tracks]]
id = "course"
order = 1
title = { zh = "课程", en = "Course" }
summary = { zh = "测试路线。", en = "A test track." }

[[tracks.topics]]
id = "start"
title = { zh = "开始", en = "Start" }
summary = { zh = "开始。", en = "Start." }

"""
    + _placed("long-course", 10)
    + _placed("short-a", 2)
    + _placed("pick-1", 3, "alternative", "intro")
    + _placed("pick-2", 1, "alternative", "intro")
    + _placed("extra-read", 1.5, "optional")
    + """
[[tracks.topics]]
id = "middle"
title = { zh = "中段", en = "Middle" }
summary = { zh = "中段。", en = "Middle." }
prerequisites = ["start"]

"""
    + _placed("short-b", 4)
    + _placed("mystery", None)
    + _placed("short-c", 1)
    + """
[[tracks.topics]]
id = "finish"
title = { zh = "收尾", en = "Finish" }
summary = { zh = "收尾。", en = "Finish." }
prerequisites = ["middle"]

"""
    + _placed("short-a", 2.5)
    + _placed("long-course", 3, "optional")
)

# The environment that loads the course alone: no bundled data, no installed plugins.
ALONE = {
    "LLM_ROADMAP_PLUGINS": "",
    "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled",
    "LANG": "en_US.UTF-8",
}


def write(directory: Path) -> Path:
    """Write the course into ``directory`` and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "resources.toml").write_text(textwrap.dedent(RESOURCES), encoding="utf-8")
    (directory / "track.toml").write_text(TRACK, encoding="utf-8")
    return directory


def load(directory: Path) -> llm_roadmap.Roadmap:
    """The course alone (no bundled data, no installed plugins)."""
    return llm_roadmap.load([write(directory)], plugins=[], disable_plugins=["llm_roadmap.bundled"])


def run(*args: str, env: Optional[dict[str, str]] = None) -> Result:
    """Run the CLI in-process in `ALONE`'s environment (plus ``env``)."""
    return cli_runner().invoke(main, list(args), env={**ALONE, **(env or {})})
