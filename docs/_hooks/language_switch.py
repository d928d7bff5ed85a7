"""mkdocs hook: the language switch of a home page links relatively, like every other page's.

mkdocs-static-i18n gives the home pages (``/`` and ``/zh/``) the languages'
site-absolute links, which break when the site is opened from ``file://`` or
served under a path (a project site such as ``/llm-roadmap/``). Every other
page already gets a link relative to itself; this makes the home pages alike.
It runs after the i18n plugin's own ``on_page_context`` (hooks come after plugins).
"""

from typing import Any
from urllib.parse import urlsplit


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Turn the switch's site-absolute links into site-relative ones (mkdocs relativises them)."""
    base = urlsplit(config.site_url or "").path or "/"
    if not base.endswith("/"):
        base += "/"
    # The i18n plugin sets the list as an attribute of config.extra (which the
    # theme's template reads first), apart from the item mkdocs.yml would give.
    lists = [getattr(config.extra, "alternate", None), config.extra.get("alternate")]
    for alternates in lists:
        for alternate in alternates or []:
            link = alternate.get("link", "")
            if link.startswith(base) and not urlsplit(link).netloc:
                alternate["link"] = link[len(base) :] or "."
    return context
