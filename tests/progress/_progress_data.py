"""A small roadmap for the progress tests: core resources, a pick-one group, optional ones.

``basics`` has two core resources, a pick-one group of two and an optional
one; ``tools`` has a single core resource; ``advanced`` needs both. Every
placement has a study time but ``tool-docs``'s (unknown, as third-party data
may leave it): basics asks 4 + 2 + 3 (the group's first member) hours, 9.5
with its optional one; tools asks one resource of unknown time; advanced 2.
"""

import textwrap
from pathlib import Path

import llm_roadmap

RESOURCES = """
[[resources]]
id = "core-a"
title = "Core A"
url = "https://example.org/core-a"
kind = "book"
language = "en"
description = { zh = "必学甲。", en = "Core A." }
level = "beginner"

[[resources]]
id = "core-b"
title = "Core B"
url = "https://example.org/core-b"
kind = "paper"
language = "en"
description = { zh = "必学乙。", en = "Core B." }

[[resources]]
id = "pick-x"
title = "Pick X"
url = "https://example.org/pick-x"
kind = "course"
language = "en"
description = { zh = "二选一之一。", en = "One of two." }

[[resources]]
id = "pick-y"
title = { zh = "选项乙", en = "Pick Y" }
url = "https://example.org/pick-y"
kind = "video"
language = "zh"
description = { zh = "二选一之二。", en = "The other of two." }

[[resources.links]]
url = "https://example.org/pick-y-en"
language = "en"
label = { zh = "英文版", en = "English" }

[[resources.links]]
url = "https://mirror.example.org/pick-y"
label = { zh = "转载", en = "Re-upload" }

[[resources]]
id = "extra"
title = "Extra reading"
url = "https://example.org/extra"
kind = "blog"
language = "en"
description = { zh = "选看。", en = "Optional." }

[[resources]]
id = "tool-docs"
title = "Tool docs"
url = "https://example.org/tool"
kind = "docs"
language = "en"
description = { zh = "工具文档。", en = "Tool documentation." }
"""

TRACK = """
[[tracks]]
id = "study"
order = 1
title = { zh = "学习", en = "Study" }
summary = { zh = "测试路线。", en = "A test track." }

[[tracks.topics]]
id = "basics"
title = { zh = "基础", en = "Basics" }
summary = { zh = "基础。", en = "Basics." }
emphasis = "essential"

[[tracks.topics.resources]]
resource = "core-a"
hours = 4
hours_basis = { zh = "四章：4 小时", en = "Four chapters: 4 h" }

[[tracks.topics.resources]]
resource = "core-b"
hours = 2
hours_basis = { zh = "约 4 页，读两遍：2 小时", en = "~4 pages, read twice: 2 h" }

[[tracks.topics.resources]]
resource = "pick-x"
role = "alternative"
group = "intro"
hours = 3
hours_basis = { zh = "两讲：3 小时", en = "Two lectures: 3 h" }

[[tracks.topics.resources]]
resource = "pick-y"
role = "alternative"
group = "intro"
hours = 5
hours_basis = { zh = "三集视频 × 1.5：5 小时", en = "Three videos × 1.5: 5 h" }

[[tracks.topics.resources]]
resource = "extra"
role = "optional"
hours = 0.5
hours_basis = { zh = "一篇短文：0.5 小时", en = "A short post: 0.5 h" }

[[tracks.topics]]
id = "tools"
title = { zh = "工具", en = "Tools" }
summary = { zh = "工具。", en = "Tools." }
emphasis = "background"

[[tracks.topics.resources]]
resource = "tool-docs"
note = { zh = "只读概览。", en = "Read the overview only." }

[[tracks.topics]]
id = "advanced"
title = { zh = "进阶", en = "Advanced" }
summary = { zh = "进阶。", en = "Advanced." }
prerequisites = ["basics", "tools"]

[[tracks.topics.resources]]
resource = "extra"
hours = 2
hours_basis = { zh = "读全文并做笔记：2 小时", en = "The whole post, with notes: 2 h" }
"""


def write(directory: Path) -> Path:
    """Write the study track into ``directory`` and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "resources.toml").write_text(textwrap.dedent(RESOURCES), encoding="utf-8")
    (directory / "track.toml").write_text(textwrap.dedent(TRACK), encoding="utf-8")
    return directory


def load(directory: Path) -> llm_roadmap.Roadmap:
    """The study track alone (no bundled data, no installed plugins)."""
    return llm_roadmap.load([write(directory)], plugins=[], disable_plugins=["llm_roadmap.bundled"])
