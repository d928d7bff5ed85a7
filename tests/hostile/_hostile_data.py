"""A tiny roadmap for the hostile-input tests: one track, one topic, two resources."""

from pathlib import Path

TRACK = """
[[tracks]]
id = "tiny"
title = { zh = "小路线", en = "Tiny" }
summary = { zh = "测试用的路线。", en = "A track for tests." }

[[tracks.topics]]
id = "tiny-topic"
title = { zh = "主题", en = "Topic" }
summary = { zh = "测试用的主题。", en = "A topic for tests." }
resources = [{ resource = "tiny-a" }, { resource = "tiny-b", role = "optional" }]
"""

RESOURCES = """
[[resources]]
id = "tiny-a"
title = { zh = "资料甲", en = "Resource A" }
url = "https://example.org/a"
kind = "article"
language = "en"
description = { zh = "第一份。", en = "The first." }

[[resources]]
id = "tiny-b"
title = { zh = "资料乙", en = "Resource B" }
url = "https://example.org/b"
kind = "paper"
language = "en"
description = { zh = "第二份。", en = "The second." }
"""


def write_tiny(folder: Path) -> Path:
    """Write the tiny roadmap as a data directory; return it."""
    (folder / "tracks").mkdir(parents=True)
    (folder / "resources").mkdir()
    (folder / "tracks" / "tiny.toml").write_text(TRACK, encoding="utf-8")
    (folder / "resources" / "tiny.toml").write_text(RESOURCES, encoding="utf-8")
    return folder
