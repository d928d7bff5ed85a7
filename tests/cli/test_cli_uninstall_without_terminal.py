"""``llm-roadmap uninstall`` with no terminal on standard input: it needs ``--yes`` and says so."""

import subprocess
import sys


def test_uninstall_from_a_pipe_asks_for_yes() -> None:
    # pip would prompt, read end-of-file and print an EOFError traceback; the
    # command stops first, with one line, and pip never runs.
    for lang, words in (("en", "add --yes"), ("zh", "请加上 --yes")):
        result = subprocess.run(
            [sys.executable, "-m", "llm_roadmap", "--lang", lang, "uninstall", "llm-roadmap"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        # llm-roadmap itself is refused before that (it does not uninstall itself).
        assert result.returncode == 1 and "pip uninstall llm-roadmap" in result.stderr
        result = subprocess.run(
            [sys.executable, "-m", "llm_roadmap", "--lang", lang, "uninstall", "click"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and "EOFError" not in result.stderr
        (line,) = result.stderr.strip().splitlines()
        assert words in line and "llm-roadmap uninstall --yes click" in line
