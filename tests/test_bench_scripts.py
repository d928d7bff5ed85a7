"""Every benchmark script still starts: its imports of the library hold.

`nox -s bench` is run by hand, not by CI, so a script that imports a name the
library no longer has would only be found at the next benchmark run. ``--help``
imports the whole script and stops before any measuring.
"""

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize("script", sorted(BENCH.glob("bench_*.py")), ids=lambda p: p.name)
def test_bench_script_starts(script: Path) -> None:
    done = subprocess.run(
        [sys.executable, script.name, "--help"],
        cwd=BENCH,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
