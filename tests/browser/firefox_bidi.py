"""A small WebDriver BiDi client: the HTML page's tests in Debian's Firefox ESR.

Playwright cannot drive a system Firefox and geckodriver is not packaged, but
Firefox speaks WebDriver BiDi itself: started with ``--remote-debugging-port``
it listens on a websocket, and every command is a JSON message with an id
whose reply carries the same id. Events (console entries, requests, dialogs)
arrive on the same socket between replies; a reader thread files them.

The browser is ``/usr/bin/firefox-esr`` (``LLM_ROADMAP_FIREFOX`` overrides),
on a fresh profile per page whose ``user.js`` turns off everything that would
reach for the network at start-up. Each page records every request that
leaves it (and fails those for http(s), so nothing is fetched), every console
error, uncaught exception and Content-Security-Policy violation (Firefox logs
those as JavaScript errors), and every dialog; see firefox_page.py. When
Firefox or the ``websocket-client`` package is missing the tests skip, saying
which, except under CI (the ``CI`` variable set), where they fail.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Callable, Optional

import pytest

FIREFOX = Path(os.environ.get("LLM_ROADMAP_FIREFOX", "/usr/bin/firefox-esr"))
START_TIMEOUT = 90.0
"""Seconds Firefox may take to open its socket on a new profile."""
REPLY_TIMEOUT = 60.0
"""Seconds a command may take to be answered (a page load, a screenshot)."""
WAIT_TIMEOUT = 20.0
"""Seconds `FirefoxPage.wait_for` waits for a condition before it fails the test."""

# Quiet start-up on a closed network: no telemetry, updates, remote settings,
# experiments, captive-portal or connectivity probes, safe-browsing lists, or
# first-run pages; downloads go to a folder without asking.
PREFS: dict[str, Any] = {
    "remote.active-protocols": 1,  # WebDriver BiDi only
    "app.update.disabledForTesting": True,
    "app.normandy.enabled": False,
    "browser.aboutwelcome.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.startup.page": 0,
    "browser.newtabpage.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "browser.search.update": False,
    "datareporting.healthreport.uploadEnabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "messaging-system.rsexperimentloader.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "services.settings.server": "http://127.0.0.1:9/remote-settings",
    "browser.download.folderList": 2,
    "browser.download.useDownloadDir": True,
    "browser.download.always_ask_before_handling_new_types": False,
    "browser.download.alwaysOpenPanel": False,
}

_LISTENING = re.compile(r"WebDriver BiDi listening on (ws://\S+)")


def missing_firefox() -> Optional[str]:
    """Why the Firefox tests cannot run here, or None when they can."""
    try:
        import websocket  # noqa: F401
    except ImportError:
        return "the websocket-client Python package is not installed"
    if not FIREFOX.exists():
        return f"no firefox at {FIREFOX} (apt-get install firefox-esr)"
    return None


def require_firefox() -> None:
    """Skip the test when there is no Firefox; fail it instead under CI."""
    reason = missing_firefox()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"Firefox tests cannot run under CI: {reason}")
    pytest.skip(reason)


class BidiError(RuntimeError):
    """A command answered with an error, or not answered at all."""


class Bidi:
    """One WebDriver BiDi connection: commands matched to replies by id, events collected."""

    def __init__(self, url: str) -> None:
        """Connect to ``url`` (``ws://host:port/session``) and start reading."""
        import websocket

        # Firefox refuses a websocket handshake that carries an Origin header.
        self._ws = websocket.create_connection(url, timeout=REPLY_TIMEOUT, suppress_origin=True)
        self._ws.settimeout(None)
        self._send_lock = threading.Lock()
        self._next = 0
        self._pending: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._handlers: dict[str, list[Callable[[dict[str, Any]], None]]] = {}
        self.events: list[dict[str, Any]] = []
        """Every event received, in order (``{"method": ..., "params": ...}``)."""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def on(self, method: str, handler: Callable[[dict[str, Any]], None]) -> None:
        """Call ``handler(params)`` from the reader thread for each ``method`` event.

        A handler may `send` but must not `command`: the reply it would wait
        for is read by the very thread it blocks.
        """
        self._handlers.setdefault(method, []).append(handler)

    def send(self, method: str, params: dict[str, Any]) -> int:
        """Send a command without waiting for its reply; return its id."""
        with self._send_lock:
            self._next += 1
            ident = self._next
            self._pending[ident] = queue.Queue(maxsize=1)
            self._ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        return ident

    def command(
        self, method: str, params: Optional[dict[str, Any]] = None, timeout: float = REPLY_TIMEOUT
    ) -> dict[str, Any]:
        """Send a command and return its result; raise `BidiError` for an error reply."""
        ident = self.send(method, params or {})
        try:
            reply = self._pending[ident].get(timeout=timeout)
        except queue.Empty:
            raise BidiError(f"{method}: no reply within {timeout:.0f} s") from None
        finally:
            self._pending.pop(ident, None)
        if reply.get("type") == "error":
            raise BidiError(f"{method}: {reply.get('error')}: {reply.get('message')}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def _read(self) -> None:
        import websocket

        while True:
            try:
                message = json.loads(self._ws.recv())
            except (websocket.WebSocketException, OSError, ValueError):
                break
            ident = message.get("id")
            if ident is not None:
                waiting = self._pending.get(ident)
                if waiting is not None:
                    waiting.put(message)
                continue
            self.events.append(message)
            for handler in self._handlers.get(message.get("method", ""), []):
                handler(message.get("params", {}))
        # The socket closed: wake whoever still waits, with an error rather than a hang.
        for waiting in list(self._pending.values()):
            waiting.put({"type": "error", "error": "closed", "message": "the connection closed"})

    def close(self) -> None:
        """Close the socket (the reader thread ends with it)."""
        self._ws.close()
        self._reader.join(timeout=10)


def _write_prefs(profile: Path, downloads: Path) -> None:
    prefs = {**PREFS, "browser.download.dir": str(downloads)}
    lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});" for k, v in prefs.items()]
    (profile / "user.js").write_text("\n".join(lines) + "\n", encoding="utf-8")


@contextmanager
def firefox(profile: Path, downloads: Path) -> Iterator[Bidi]:
    """Start Firefox on a new profile and yield a BiDi connection with a session open.

    Firefox picks its own port (``--remote-debugging-port 0``) and prints the
    socket's address on stderr. On the way out the whole process group is
    ended (Firefox's content processes included), whatever happened.
    """
    require_firefox()
    profile.mkdir(parents=True, exist_ok=True)
    downloads.mkdir(parents=True, exist_ok=True)
    _write_prefs(profile, downloads)
    log = profile.parent / f"{profile.name}-firefox.log"
    with open(log, "wb") as err:
        process = subprocess.Popen(
            [
                *(str(FIREFOX), "--headless", "--no-remote", "--profile", str(profile)),
                *("--remote-debugging-port", "0"),
            ],
            stdin=subprocess.DEVNULL,
            stdout=err,
            stderr=err,
            start_new_session=True,  # its own process group, ended as one below
            env={**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1"},
        )
    bidi: Optional[Bidi] = None
    try:
        url = _wait_for_socket(process, log)
        bidi = Bidi(url + "/session")
        bidi.command(
            "session.new", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": False}}}
        )
        yield bidi
    finally:
        if bidi is not None:
            with suppress(BidiError):
                bidi.command("browser.close", timeout=10)
            bidi.close()
        _end(process)


def _wait_for_socket(process: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = _LISTENING.search(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.1)
    output = log.read_text(encoding="utf-8", errors="replace")[-4000:]
    if process.poll() is not None:
        why = f"exited with {process.returncode} before opening its WebDriver BiDi socket"
    else:
        why = f"opened no WebDriver BiDi socket within {START_TIMEOUT:.0f} s"
    raise BidiError(f"{FIREFOX} {why}; its output:\n{output}")


def _end(process: subprocess.Popen[bytes]) -> None:
    """End Firefox's process group: politely, then for sure (content processes included)."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def from_remote(value: dict[str, Any]) -> Any:
    """A BiDi remote value as Python: primitives, arrays, objects; nodes stay as they are."""
    kind = value.get("type")
    if kind in ("undefined", "null"):
        return None
    if kind in ("string", "boolean"):
        return value["value"]
    if kind == "number":
        number = value["value"]
        if isinstance(number, str):  # NaN, -0, Infinity, -Infinity
            return float(number.replace("Infinity", "inf"))
        return number
    if kind == "bigint":
        return int(value["value"])
    if kind in ("array", "set"):
        return [from_remote(v) for v in value.get("value", [])]
    if kind in ("object", "map"):
        return {
            k if isinstance(k, str) else from_remote(k): from_remote(v)
            for k, v in value.get("value", [])
        }
    return value  # a node, a window, a function: the caller uses its sharedId or handle


def to_remote(value: Any) -> dict[str, Any]:
    if value is None:
        return {"type": "null"}
    if isinstance(value, bool):
        return {"type": "boolean", "value": value}
    if isinstance(value, (int, float)):
        return {"type": "number", "value": value}
    if isinstance(value, str):
        return {"type": "string", "value": value}
    if isinstance(value, (list, tuple)):
        return {"type": "array", "value": [to_remote(v) for v in value]}
    if isinstance(value, dict):
        return {"type": "object", "value": [[str(k), to_remote(v)] for k, v in value.items()]}
    raise TypeError(f"cannot pass {type(value).__name__} to the page")
