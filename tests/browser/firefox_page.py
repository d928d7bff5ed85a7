"""An open page in Firefox, driven over WebDriver BiDi (firefox_bidi.py) as a reader would use it.

`open_page` mirrors html_browser.open_page: a fresh profile, the page opened
from ``file://``, and everything it requested, logged or asked recorded on the
`FirefoxPage`, so a test can assert that nothing left the page and nothing
failed. Clicks are real pointer events at an element's centre and typing is
real key events (``input.performActions``), not synthetic DOM events.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

import pytest
from firefox_bidi import WAIT_TIMEOUT, Bidi, BidiError, firefox, from_remote, to_remote
from html_browser import COLOUR_COUNT_JS

ENTER = "\ue007"
ESCAPE = "\ue00c"
"""WebDriver's key values for Enter and Escape."""

_EVENTS = (
    "network.beforeRequestSent",
    "log.entryAdded",
    "browsingContext.userPromptOpened",
    "browsingContext.downloadEnd",
)


class FirefoxPage:
    """One tab with what it requested, logged and asked; its methods act as a reader would."""

    def __init__(self, bidi: Bidi, context: str, url: str) -> None:
        """Wrap browsing context ``context`` of ``bidi``, which shows (or will show) ``url``."""
        self.bidi = bidi
        self.context = context
        self.url = url
        self.requests: list[dict[str, Any]] = []
        """Each request: ``url``, ``destination`` and ``initiator`` (its type)."""
        self.console: list[tuple[str, str]] = []
        """Each console entry or uncaught error: (level, or ``javascript``; text)."""
        self.dialogs: list[str] = []
        """The message of each alert, confirm or prompt (all dismissed)."""
        self.helper_tabs: set[str] = set()
        """Tabs the test opened for itself, whose requests and logs are not the page's."""

    def errors(self) -> list[tuple[str, str]]:
        """Console errors, uncaught exceptions and CSP violations."""
        return [(kind, text) for kind, text in self.console if kind in ("error", "javascript")]

    def foreign_requests(self) -> list[str]:
        """Requests for anything but the page itself.

        Firefox's own stylesheet for HTML (``res/html.css``) declares the font
        of list bullets as a ``data:`` URL, which it loads for the page's lists
        with no initiator: that one is not the page's doing. Any other request
        counts, ``data:`` ones from the page included.
        """
        return [
            r["url"]
            for r in self.requests
            if r["url"].split("#")[0] != self.url
            and not (
                r["url"].startswith("data:font/")
                and r["destination"] == "font"
                and r["initiator"] == "other"
            )
        ]

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        return self._result(
            self.bidi.command(
                "script.evaluate",
                {
                    "expression": expression,
                    "target": {"context": self.context},
                    "awaitPromise": True,
                },
            )
        )

    def call(self, function: str, *args: Any) -> Any:
        """Call a JavaScript function declaration in the page with JSON-able ``args``."""
        return self._result(
            self.bidi.command(
                "script.callFunction",
                {
                    "functionDeclaration": function,
                    "arguments": [to_remote(a) for a in args],
                    "target": {"context": self.context},
                    "awaitPromise": True,
                },
            )
        )

    def _result(self, reply: dict[str, Any]) -> Any:
        if reply.get("type") == "exception":
            details = reply.get("exceptionDetails", {})
            raise BidiError(f"script error: {details.get('text')}")
        return from_remote(reply["result"])

    def wait_for(self, expression: str, what: str = "", timeout: float = WAIT_TIMEOUT) -> Any:
        """Poll a JavaScript expression until it is truthy and return it; fail when it never is."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                pytest.fail(f"waited {timeout:.0f} s for {what or expression}")
            time.sleep(0.05)

    def navigate(self, url: str) -> None:
        """Load ``url`` and wait for the load event."""
        self.bidi.command(
            "browsingContext.navigate", {"context": self.context, "url": url, "wait": "complete"}
        )

    def reload(self) -> None:
        """Reload the page and wait for the load event."""
        self.bidi.command("browsingContext.reload", {"context": self.context, "wait": "complete"})

    def set_viewport(self, width: int, height: int) -> None:
        """Resize the tab's viewport (CSS pixels)."""
        self.bidi.command(
            "browsingContext.setViewport",
            {"context": self.context, "viewport": {"width": width, "height": height}},
        )

    def box(self, selector: str) -> dict[str, float]:
        """The bounding box of the first element matching ``selector``, scrolled into view."""
        box: Optional[dict[str, float]] = self.call(
            """(selector) => {
                const el = document.querySelector(selector);
                if (!el) return null;
                el.scrollIntoView({block: 'center', inline: 'center'});
                const r = el.getBoundingClientRect();
                return {x: r.x, y: r.y, width: r.width, height: r.height};
            }""",
            selector,
        )
        if box is None:
            pytest.fail(f"nothing matches {selector!r}")
        return box

    def click(self, selector: str) -> None:
        """A real pointer click (move, press, release) at the element's centre."""
        box = self.box(selector)
        x, y = round(box["x"] + box["width"] / 2), round(box["y"] + box["height"] / 2)
        self.perform(
            {
                "type": "pointer",
                "id": "mouse",
                "parameters": {"pointerType": "mouse"},
                "actions": [
                    {"type": "pointerMove", "x": x, "y": y},
                    {"type": "pointerDown", "button": 0},
                    {"type": "pointerUp", "button": 0},
                ],
            }
        )

    def type(self, text: str) -> None:
        """Press and release a key for each character of ``text`` (or a key value such as ENTER)."""
        actions = []
        for char in text:
            actions += [{"type": "keyDown", "value": char}, {"type": "keyUp", "value": char}]
        self.perform({"type": "key", "id": "keyboard", "actions": actions})

    def perform(self, *sources: dict[str, Any]) -> None:
        """Dispatch input actions (``input.performActions``) and release what they hold."""
        self.bidi.command(
            "input.performActions", {"context": self.context, "actions": list(sources)}
        )
        self.bidi.command("input.releaseActions", {"context": self.context})

    def element(self, selector: str) -> dict[str, Any]:
        """A shared reference to the first element matching ``selector``."""
        node: dict[str, Any] = self.call("(s) => document.querySelector(s)", selector)
        if node.get("type") != "node":
            pytest.fail(f"nothing matches {selector!r}")
        return {"sharedId": node["sharedId"]}

    def set_files(self, selector: str, *paths: Path) -> None:
        """Choose files in a file input, as a reader picking them in the dialog would."""
        self.bidi.command(
            "input.setFiles",
            {
                "context": self.context,
                "element": self.element(selector),
                "files": [str(p) for p in paths],
            },
        )

    def screenshot(self, selector: Optional[str] = None) -> bytes:
        """A PNG of the viewport, or of the element matching ``selector``."""
        import base64

        params: dict[str, Any] = {"context": self.context}
        if selector:
            params["origin"] = "document"
            params["clip"] = {"type": "element", "element": self.element(selector)}
        data = self.bidi.command("browsingContext.captureScreenshot", params)["data"]
        return base64.b64decode(data)

    def download(self, selector: str, timeout: float = WAIT_TIMEOUT) -> tuple[str, Path]:
        """Click ``selector`` and wait for the download it starts; return its name and file."""
        seen = len(self.bidi.events)
        self.click(selector)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.bidi.events[seen:]:
                if event.get("method") == "browsingContext.downloadEnd":
                    params = event["params"]
                    assert params["status"] == "complete", params
                    path = Path(params["filepath"])
                    return path.name, path
            time.sleep(0.05)
        pytest.fail(f"clicking {selector!r} downloaded nothing within {timeout:.0f} s")

    def colours(self, png: bytes) -> tuple[int, float]:
        """How many colours a PNG holds, and the share of its most common one.

        The image is decoded by Firefox on a blank tab of its own (the roadmap
        page's policy allows no image), from a ``data:`` URL.
        """
        tab = self.bidi.command("browsingContext.create", {"type": "tab", "background": True})
        self.helper_tabs.add(tab["context"])
        blank = FirefoxPage(self.bidi, tab["context"], "about:blank")
        try:
            found = blank.call(
                COLOUR_COUNT_JS,
                "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
            )
        finally:
            self.bidi.command("browsingContext.close", {"context": tab["context"]})
        return int(found[0]), float(found[1])


@contextmanager
def open_page(
    path: Path, profile: Path, viewport: tuple[int, int] = (1400, 1000)
) -> Iterator[FirefoxPage]:
    """Open ``path`` from ``file://`` in Firefox on a fresh profile; fail any http(s) request.

    Downloads land in ``<profile>-downloads`` beside the profile.
    """
    with firefox(profile, profile.parent / f"{profile.name}-downloads") as bidi:
        tree = bidi.command("browsingContext.getTree", {"maxDepth": 0})
        page = FirefoxPage(bidi, tree["contexts"][0]["context"], path.resolve().as_uri())
        _watch(page)
        page.set_viewport(*viewport)
        page.navigate(page.url)
        page.wait_for("document.querySelector('.node') !== null", "the graph's nodes")
        yield page


def _watch(page: FirefoxPage) -> None:
    """Record the page's requests (failing http(s) ones), console entries and dialogs."""
    bidi = page.bidi

    # Everything is recorded but the blank tabs of `colours`, which decode data: URLs.
    def request(params: dict[str, Any]) -> None:
        req = params["request"]
        if params.get("isBlocked"):
            bidi.send("network.failRequest", {"request": req["request"]})
        if params.get("context") in page.helper_tabs:
            return
        page.requests.append(
            {
                "url": req["url"],
                "destination": req.get("destination"),
                "initiator": (params.get("initiator") or {}).get("type"),
            }
        )

    def entry(params: dict[str, Any]) -> None:
        if (params.get("source") or {}).get("context") in page.helper_tabs:
            return
        kind = "javascript" if params.get("type") == "javascript" else params.get("level", "info")
        page.console.append((kind, params.get("text") or ""))

    def prompt(params: dict[str, Any]) -> None:
        page.dialogs.append(params.get("message", ""))
        bidi.send(
            "browsingContext.handleUserPrompt", {"context": params["context"], "accept": False}
        )

    bidi.on("network.beforeRequestSent", request)
    bidi.on("log.entryAdded", entry)
    bidi.on("browsingContext.userPromptOpened", prompt)
    bidi.command("session.subscribe", {"events": list(_EVENTS)})
    # Every http(s) request is held, recorded above, and failed: nothing is fetched.
    bidi.command(
        "network.addIntercept",
        {
            "phases": ["beforeRequestSent"],
            "urlPatterns": [{"type": "pattern", "protocol": p} for p in ("http", "https")],
        },
    )
