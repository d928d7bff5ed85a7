"""The toy roadmap data that fixtures and tests share: two resources and a track."""

# A made-up arXiv id: a real one (1706.03762) would be the bundled
# 'attention-is-all-you-need' under another id, which validate reports.
VALID_RESOURCES = """
[[resources]]
id = "toy-paper"
title = "A Toy Paper About Attention"
url = "https://arxiv.org/abs/2001.00001"
kind = "paper"
language = "en"
authors = ["Ada Lovelace", "Alan Turing"]
year = 2017
identifiers = { arxiv = "2001.00001" }
description = { zh = "一篇关于注意力的示例论文。", en = "A sample paper about attention." }
level = "advanced"
tags = ["attention", "transformer"]

[[resources]]
id = "toy-book"
title = { zh = "玩具书", en = "The Toy Book" }
url = "https://example.org/book"
kind = "book"
language = "zh"
authors = ["李四"]
year = 2020
description = { zh = "入门书，全中文。", en = "An introductory book, in Chinese." }
level = "beginner"
tags = ["basics"]
free = false

[[resources]]
id = "toy-video"
title = "Toy Video Lectures"
url = "https://example.org/video"
kind = "video"
language = "en"
description = { zh = "视频课程。", en = "Video lectures." }
tags = ["basics"]
"""

VALID_TRACK = """
[[tracks]]
id = "toy-track"
order = 5
title = { zh = "玩具路线", en = "Toy track" }
summary = { zh = "测试用的路线。", en = "A track for tests." }

[[tracks.topics]]
id = "toy-basics"
title = { zh = "基础", en = "Basics" }
summary = { zh = "先学基础。", en = "Basics first." }
concepts = [{ zh = "向量", en = "Vectors" }]

[[tracks.topics.resources]]
resource = "toy-book"
role = "alternative"
group = "basics-book"

[[tracks.topics.resources]]
resource = "toy-video"
role = "alternative"
group = "basics-book"

[[tracks.topics]]
id = "toy-attention"
title = { zh = "注意力机制", en = "Attention" }
summary = { zh = "自注意力与多头注意力。", en = "Self-attention and multi-head attention." }
emphasis = "essential"
prerequisites = ["toy-basics"]

[[tracks.topics.resources]]
resource = "toy-paper"
note = { zh = "先读摘要。", en = "Read the abstract first." }
"""
