"""The one module that talks to the network: a cached, polite, retrying HTTP client.

Sources, the link checker and plugins all go through an `HttpClient`, usually
the shared one from `client`::

    from llm_roadmap.http import client

    response = client().get("https://export.arxiv.org/api/query", params={"id_list": "1706.03762"})
    response.status_code, response.from_cache

What it does for every caller:

* **Cache.** A requests-cache ``CachedSession`` (never ``install_cache``) on
  SQLite, in ``platformdirs.user_cache_dir("llm-roadmap")`` unless the
  ``cache_dir`` argument or ``LLM_ROADMAP_CACHE_DIR`` says otherwise. Expiry is
  set per URL pattern (`DEFAULT_URLS_EXPIRE_AFTER`); a stale entry is served
  when refreshing it fails (stale-if-error). A cache file SQLite finds
  damaged ("not a database", "malformed"), or without requests-cache's
  tables, is renamed aside with a timestamp and rebuilt, with a warning; a
  busy cache, or any other SQLite error, is retried and never moved.
* **Offline mode** (``offline=True`` or ``LLM_ROADMAP_OFFLINE=1``): answers
  come from the cache only, stale entries included; a miss raises
  `FetchError` with ``reason == "offline"``. The network is never touched.
* **Retries** with exponential backoff and jitter, for timeouts, connection
  resets and the statuses 408, 425, 429 and 5xx (not 501/505). ``Retry-After``
  (seconds or an HTTP date) is honoured for the whole host, up to a cap; a
  server asking for a longer wait than the cap gets no retry, and the caller
  sees its response.
* **Politeness** per host: a minimum interval between requests and a maximum
  number of connections at once (`HostPolicy`; arXiv's API gets 3 seconds and
  one connection by default). A cache hit never waits for either.
* **Threads.** One client is safe to share between threads (each request
  borrows a cache session, with its own SQLite connections, that no other
  thread uses meanwhile), and processes can share a cache directory.

requests and requests-cache come with the ``net`` extra
(``pip install 'llm-roadmap[net]'``); they are imported when a client is
built, never by ``import llm_roadmap``, and their absence is a `NetworkError`
that says how to install them.

The parts: ``client`` (`HttpClient`, the shared client), ``cache`` (the
requests-cache sessions and their repair), ``policy`` (per-host politeness,
retries, freshness, settings), ``limits`` (the size and time one request may
take) and ``errors`` (`FetchError`). Import from ``llm_roadmap.http``: the
names below are the public ones.
"""

from .client import HttpClient, client, set_client
from .errors import FetchError, classify_exception
from .policy import (
    CACHE_DIR_ENV,
    CACHE_FILE,
    DEFAULT_HOST_POLICIES,
    DEFAULT_URLS_EXPIRE_AFTER,
    OFFLINE_ENV,
    USER_AGENT,
    HostPolicy,
    RetryPolicy,
    default_cache_dir,
    is_offline,
)

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_FILE",
    "DEFAULT_HOST_POLICIES",
    "DEFAULT_URLS_EXPIRE_AFTER",
    "OFFLINE_ENV",
    "USER_AGENT",
    "FetchError",
    "HostPolicy",
    "HttpClient",
    "RetryPolicy",
    "classify_exception",
    "client",
    "default_cache_dir",
    "is_offline",
    "set_client",
]
