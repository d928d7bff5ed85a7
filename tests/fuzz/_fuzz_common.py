"""What the fuzz suite shares: the profiles, hostile text and URL strategies, the checks.

The profile comes from ``LLM_ROADMAP_FUZZ``: ``bounded`` (the default, a few
seconds per property, part of every test run) or ``long`` (``nox -s fuzz``:
thousands of cases per property). ``LLM_ROADMAP_FUZZ_EXAMPLES`` overrides the
number of cases of either. Run with ``--hypothesis-show-statistics`` to see
how many cases each property tried.
"""

import os
import re
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from llm_roadmap.util.text import CONTROL_RE

PROFILE_ENV = "LLM_ROADMAP_FUZZ"
EXAMPLES_ENV = "LLM_ROADMAP_FUZZ_EXAMPLES"

_LONG = os.environ.get(PROFILE_ENV, "bounded").strip().lower() == "long"
_DEFAULT_EXAMPLES = 3000 if _LONG else 30

FUZZ = settings(
    max_examples=int(os.environ.get(EXAMPLES_ENV, "") or _DEFAULT_EXAMPLES),
    # A case that takes this long is a hang in the making: it fails the property.
    deadline=20_000 if _LONG else 10_000,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
    # Nothing is written into the checkout; a failure prints its reproduction blob.
    database=None,
    print_blob=True,
)
"""The settings of every fuzz property."""

# Words of Python's own errors: a message holding one leaked an exception's text.
PYTHON_WORDS = re.compile(
    r"object has no attribute|is not iterable|object is not|NoneType|Traceback|"
    r"unhashable type|takes \d+ positional|unexpected keyword|list index out of range|"
    r"string indices must be"
)

# Pieces that break formats: controls, line breaks, quotes, markup of every output.
PIECES = [
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u200b",
    "\u200e",
    "\ufeff",
    "\u0301",
    '"',
    "'",
    "`",
    "|",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "<",
    ">",
    "&",
    "&amp;",
    "#",
    "*",
    "_",
    "~",
    "\\",
    "$",
    "%",
    "%%",
    "=",
    "+",
    "-",
    "@",
    "-->",
    "end",
    "subgraph",
    "classDef",
    "<script>",
    "</script>",
    "<!--",
    "]]>",
    "{{",
    "}}",
    ";",
    ":",
    ",",
    "# ",
    "- ",
    "1. ",
    "> ",
    "---",
    "|---|",
    "\\textbf{",
    "@article{",
    "注意力",
    "（全角）",
    "Ｆｕｌｌ",
    "🚀",
    "👩\u200d💻",
    "javascript:",
    " ",
]

TEXT = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=6),
    ),
    max_size=10,
).map("".join)
"""Hostile text: any characters (no lone surrogates: UTF-8 files cannot hold them)."""

SOLID_TEXT = TEXT.map(lambda t: f"x{t}y")
"""Hostile text that is never blank (a blank translation is a validation problem)."""

ACCEPTED_TEXT = SOLID_TEXT.map(lambda t: CONTROL_RE.sub("", t))
"""`SOLID_TEXT` without the control characters validation refuses: what exporters can get."""

_HOSTS = [
    "example.org",
    "arxiv.org",
    "github.com",
    "例子.测试",
    "a-b.example",
    "[::1]",
    "127.0.0.1",
]
_PATH_PIECES = [
    "a",
    "b/",
    "%20",
    "(x)",
    "[1]",
    "{y}",
    "|",
    "*",
    "_",
    "&amp;",
    "'",
    '"',
    "<",
    ">",
    "`",
    "\\",
    "注意",
    "?q=1",
    "&r=2",
    "#frag",
    "abs/1706.03762",
    "owner/repo",
]

GOOD_URL = st.builds(
    lambda scheme, host, port, path: f"{scheme}://{host}{port}/{''.join(path)}",
    st.sampled_from(["http", "https"]),
    st.sampled_from(_HOSTS),
    st.sampled_from(["", ":8080", ":443"]),
    st.lists(st.sampled_from(_PATH_PIECES), max_size=5),
)
"""URLs that validate, with every character Markdown, CSV, LaTeX or HTML trip over."""

HOSTILE_URL = st.one_of(
    GOOD_URL,
    st.builds(
        lambda scheme, host, port, path: f"{scheme}{host}{port}/{path}",
        st.sampled_from(
            [
                "http://",
                "https://",
                "HTTPS://",
                "ftp://",
                "javascript:",
                "mailto:",
                "//",
                "",
                "http:/",
                "https:///",
            ]
        ),
        st.sampled_from([*_HOSTS, "[bad", "a..b", "%5bx", "exa mple.org", "", "x" * 70 + ".org"]),
        st.sampled_from(["", ":80", ":99999", ":0", ":x", ":+1", ":\u0668"]),
        TEXT,
    ),
)
"""Any URL-like text: good ones, bad ports, unclosed brackets, controls, other schemes."""


def assert_clean_problems(problems: Any, files: set[str]) -> None:
    """Each problem names one of ``files`` and reads like a sentence, not a Python error."""
    for problem in problems:
        assert problem.file in files, (problem.file, files)
        assert problem.message and "\n" not in problem.message, problem
        assert "\n" not in problem.field, problem
        assert not PYTHON_WORDS.search(problem.message), str(problem)
