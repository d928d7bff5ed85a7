"""Two exports of the same roadmap with ``SOURCE_DATE_EPOCH`` set are byte-identical, every format.

Each format installed here is exported twice by the real command, in two
processes: built-in exporters write no time at all, an installed plugin's
(the Anki package) writes the time ``SOURCE_DATE_EPOCH`` gives. The Anki
plugin's own tests check that its notes carry that time.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import llm_roadmap

FORMATS = sorted(llm_roadmap.load().exporters)


def _export(fmt: str, out: Path, lang: str) -> bytes:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-m", "llm_roadmap", "--lang", lang, "export", "-f", fmt]
    subprocess.run([*command, "-o", str(out)], env=env, check=True, capture_output=True)
    return out.read_bytes()


def test_every_built_in_format_is_here() -> None:
    assert {"markdown", "csv", "json", "bibtex", "mermaid", "sqlite", "html"} <= set(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_exports_with_source_date_epoch_are_identical(fmt: str, tmp_path: Path) -> None:
    lang = "zh" if len(fmt) % 2 else "en"  # both languages across the formats
    first = _export(fmt, tmp_path / "first", lang)
    second = _export(fmt, tmp_path / "second", lang)
    assert first, fmt
    assert first == second, fmt
