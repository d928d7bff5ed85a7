"""The page itself: the template with its style, script and data inlined, and its CSP.

The style sheets and the scripts are separate files in ``assets/``, read once
and joined here. The script runs in one function scope, in the order of
`SCRIPTS`. The Content-Security-Policy allows exactly this style and this
script by their SHA-256 hashes, and nothing else: no other script, no
network (``connect-src 'none'``), no remote origin of any kind.
"""

import base64
import functools
import hashlib
import html
import json
import re
from collections.abc import Mapping
from importlib.resources import files

from ..._version import __version__

STYLES = ("page.css", "print.css")
"""The style sheets, in cascade order."""

SCRIPTS = ("core.js", "progress.js", "graph.js", "panel.js", "outline.js", "search.js", "main.js")
"""The script's parts, in the order they run."""

_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")
# What JSON may hold that an HTML parser would act on inside <script>, and the
# two line terminators that older JavaScript parsers reject in strings.
# (str.replace, once per character, is many times faster than str.translate on
# a long text that is not ASCII.)
_JSON_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def _asset(name: str) -> str:
    return files(__package__).joinpath("assets").joinpath(name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def assets() -> tuple[str, str, str]:
    """The template, the joined style sheets and the joined script (read once)."""
    template = _asset("page.html")
    css = "\n".join(_asset(name) for name in STYLES)
    parts = "\n".join(_asset(name) for name in SCRIPTS)
    js = f"(function () {{\n'use strict';\n{parts}\n}}());\n"
    for name, body, end in (("style", css, "</style"), ("script", js, "</script")):
        if end in body.lower() or "<!--" in body:
            raise AssertionError(f"the page's {name} must not contain {end!r} or '<!--'")
    return template, css, js


def script_json(data: Mapping[str, object]) -> str:
    r"""``data`` as JSON that is safe inside a ``<script type="application/json">`` element.

    ``<``, ``>`` and ``&`` become ``\u003c``-style escapes, so no text can close the
    element or open a comment; U+2028 and U+2029 likewise. ``JSON.parse``
    reads the escapes back to the same characters.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for character, escape in _JSON_ESCAPES:
        if character in text:
            text = text.replace(character, escape)
    return text


def _hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(css: str, js: str) -> str:
    """The Content-Security-Policy for a page with exactly this style and script."""
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {_hash(js)}",
            f"style-src {_hash(css)}",
            "img-src 'none'",
            "font-src 'none'",
            "connect-src 'none'",
            "media-src 'none'",
            "object-src 'none'",
            "frame-src 'none'",
            "worker-src 'none'",
            "manifest-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


def render(data: Mapping[str, object], title: str) -> str:
    """The whole page for ``data`` (see ``_payload``), titled ``title`` until the script runs."""
    template, css, js = assets()
    lang = "zh-Hans" if data.get("lang") == "zh" else "en"
    values = {
        "HTML_LANG": lang,
        "CSP": csp(css, js),
        "VERSION": html.escape(__version__),
        "TITLE": html.escape(title),
        "CSS": css,
        "JS": js,
        "DATA": script_json(data),
    }
    # One pass over the template: an inserted value is never scanned for placeholders.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
