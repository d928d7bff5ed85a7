"""Check every URL of a roadmap and sort them into ok, broken and indeterminate.

```python
import llm_roadmap
from llm_roadmap.linkcheck import check_links

report = check_links(llm_roadmap.load())
[r.url for r in report.broken]        # 404, 410, DNS or TLS failure, refused, redirect loop
[r.url for r in report.indeterminate] # 429 or 5xx after retries, timeouts, bot walls
[(r.url, r.final_url) for r in report.moved]   # permanent redirects (301, 308)
```

How a URL is checked: HEAD first, without following redirects; GET (streamed,
closed before the body is read) when the server mishandles HEAD (a 4xx other
than 429, 500, 501, or a dropped connection). Each redirect is followed by
hand, so loops are caught and permanent ones reported. Every URL is checked
once (fragments dropped), concurrently, under a global limit (``workers``) and
a per-host one (``per_host``); requests go through `llm_roadmap.http`, so its
retries, ``Retry-After`` handling and host politeness apply.

Results are remembered in ``linkcheck.sqlite`` next to the HTTP cache: an ok
result for ``ok_ttl`` (a week by default), a failure never, so a rerun checks
only what was not ok. Each result is committed as soon as it is known, so an
interrupted run keeps what it learnt. Offline, answers come from those results
(expired ones included) and from cached GET responses, never the network.

The parts, one module each: ``results`` (`LinkResult`, `LinkReport`),
``store`` (remembered results), ``probe`` (checking one URL) and ``check``
(which URLs, in what order, and `check_links`). Import from
``llm_roadmap.linkcheck``: the names below are the public ones.
"""

from .check import check_links, collect_urls
from .results import LinkReport, LinkResult, LinkStatus, Redirect
from .store import RESULTS_FILE

__all__ = [
    "RESULTS_FILE",
    "LinkReport",
    "LinkResult",
    "LinkStatus",
    "Redirect",
    "check_links",
    "collect_urls",
]
