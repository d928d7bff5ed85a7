"""The process-wide client that sources, the link checker and plugins share."""

import threading
from typing import Optional

from .http_client import HttpClient

__all__ = ["client", "set_client"]

_shared: Optional[HttpClient] = None
_shared_lock = threading.Lock()


def client() -> HttpClient:
    """Return the process-wide client (built on first use from the environment).

    Sources and plugins should use this (or the client they are handed)
    rather than build their own, so that the cache and the politeness limits
    are shared.

    Raises:
        NetworkError: requests or requests-cache is not installed.
    """
    global _shared
    with _shared_lock:
        if _shared is None or _shared.closed:
            _shared = HttpClient()
        return _shared


def set_client(new: Optional[HttpClient]) -> Optional[HttpClient]:
    """Replace the process-wide client (``None`` builds a fresh one on next use).

    Returns:
        The client it replaced, if any (not closed: the caller decides).
    """
    global _shared
    with _shared_lock:
        old, _shared = _shared, new
        return old
