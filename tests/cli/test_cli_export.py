"""``llm-roadmap export``, run as a real process on data of its own."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import llm_roadmap

DATA = """
[[resources]]
id = "attention-is-all-you-need"
title = "Attention Is All You Need"
url = "https://arxiv.org/abs/1706.03762"
kind = "paper"
language = "en"
authors = ["Ashish Vaswani", "Noam Shazeer"]
year = 2017
identifiers = { arxiv = "1706.03762" }
description = { zh = "Transformer 论文。", en = "The Transformer paper." }

[[resources]]
id = "d2l"
title = { zh = "动手学深度学习", en = "Dive into Deep Learning" }
url = "https://d2l.ai/"
kind = "book"
language = "zh"
description = { zh = "交互式教材。", en = "An interactive textbook." }

[[resources]]
id = "formula-blog"
title = "=1+1 is a formula"
url = "https://example.org/blog"
kind = "blog"
language = "en"
description = { zh = "公式开头。", en = "Starts like a formula." }

[[tracks]]
id = "cli-basics"
title = { zh = "基础", en = "Basics" }
summary = { zh = "基础。", en = "The basics." }
order = 1

[[tracks.topics]]
id = "cli-deep-learning"
title = { zh = "深度学习", en = "Deep learning" }
summary = { zh = "神经网络。", en = "Neural networks." }

[[tracks.topics.resources]]
resource = "d2l"

[[tracks]]
id = "cli-transformers"
title = { zh = "Transformer", en = "Transformers" }
summary = { zh = "注意力。", en = "Attention." }
order = 2

[[tracks.topics]]
id = "cli-attention"
title = { zh = "注意力", en = "Attention" }
summary = { zh = "注意力机制。", en = "The attention mechanism." }
prerequisites = ["cli-deep-learning"]

[[tracks.topics.resources]]
resource = "attention-is-all-you-need"

[[tracks.topics.resources]]
resource = "formula-blog"
role = "optional"
"""

ENV = {
    "LLM_ROADMAP_PLUGINS": "",
    "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled",
    "LLM_ROADMAP_LANG": "en",
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("cli-data")
    (directory / "roadmap.toml").write_text(DATA, encoding="utf-8")
    return directory


def cli(data_dir, *args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", "--data", str(data_dir), "export", *args],
        capture_output=True,
        env={**os.environ, **ENV},
        cwd=cwd,
        timeout=120,
    )


def test_csv_to_stdout_keeps_crlf_and_utf8_and_the_selection(data_dir):
    proc = cli(data_dir, "--format", "csv", "--track", "cli-transformers", "--lang", "zh")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode("utf-8")
    assert text.count("\r\n") == text.count("\n") == 3
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["resource_id"] for r in rows] == ["attention-is-all-you-need", "formula-blog"]
    assert rows[0]["track_title"] == "Transformer" and rows[0]["topic_title"] == "注意力"
    assert rows[1]["title"] == "'=1+1 is a formula"


def test_markdown_to_a_file_with_checklist_and_options(data_dir, tmp_path):
    out = tmp_path / "roadmap.md"
    proc = cli(
        data_dir,
        "--format",
        "markdown",
        "--lang",
        "en",
        "-o",
        str(out),
        "--checklist",
        "-O",
        "diagram=false",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b""
    text = out.read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").render(text)
    assert '<a href="https://arxiv.org/abs/1706.03762">Attention Is All You Need</a>' in html
    assert "- [ ] [Dive into Deep Learning](https://d2l.ai/)" in text
    assert "```mermaid" not in text


def test_json_round_trips_through_the_cli(data_dir):
    proc = cli(data_dir, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    loaded = llm_roadmap.load_json(io.BytesIO(proc.stdout))
    direct = llm_roadmap.load(
        [data_dir], plugins=[], disable_plugins=["llm_roadmap.bundled"], environ={}
    )
    assert loaded == direct


def test_the_output_suffix_picks_the_format(data_dir, tmp_path):
    out = tmp_path / "papers.bib"
    proc = cli(data_dir, "-o", str(out), "--kind", "paper")
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").startswith("@misc{vaswani2017attention,")
    proc = cli(data_dir, "-o", str(tmp_path / "x.txt"))
    assert proc.returncode == 2
    assert b"no format writes .txt: give --format" in proc.stderr


def test_list_shows_every_exporter_with_its_plugin(data_dir):
    proc = cli(data_dir, "--list")
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("\t") for line in proc.stdout.decode("utf-8").splitlines()]
    assert [r[0] for r in rows] == [
        "bibtex",
        "csv",
        "html",
        "json",
        "markdown",
        "mermaid",
        "sqlite",
    ]
    assert all(
        r[4] == f"llm_roadmap.exporters.{r[0]}" and r[5].startswith("llm-roadmap ") for r in rows
    )
    proc = cli(data_dir, "--list", "--json")
    listed = json.loads(proc.stdout)
    csv_entry = next(e for e in listed if e["id"] == "csv")
    assert set(csv_entry["params"]) == {"bom", "escape_formulas", "progress"}
    assert csv_entry["provenance"]["plugin"] == "llm_roadmap.exporters.csv"


def test_bom_flag(data_dir):
    proc = cli(data_dir, "--format", "csv", "--bom")
    assert proc.stdout.startswith(b"\xef\xbb\xbftrack_id,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "markdown", "-O", "colour=red"],
            b"the markdown exporter has no option 'colour'",
        ),
        (
            ["--format", "json", "--bom"],
            b"the json exporter has no option --bom (its options: indent, progress)",
        ),
        (["--format", "markdown", "-O", "novalue"], b"expected KEY=VALUE"),
        (["--format", "pdf"], b"no exporter 'pdf'"),
        (["--format", "csv", "--kind", "podcast"], b"'podcast' is not one of"),
    ],
)
def test_usage_errors(data_dir, args, message):
    proc = cli(data_dir, *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_a_failed_export_leaves_the_file_untouched(data_dir, tmp_path):
    out = tmp_path / "diagram.mmd"
    out.write_text("previous\n", encoding="utf-8")
    proc = cli(data_dir, "--format", "mermaid", "-O", "direction=diagonal", "-o", str(out))
    assert proc.returncode == 1
    assert b"Error: option 'direction' must be one of" in proc.stderr
    proc = cli(data_dir, "--format", "csv", "--track", "no-such-track", "-o", str(out))
    assert proc.returncode == 1
    assert b"no track with id 'no-such-track'" in proc.stderr
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diagram.mmd"]


def test_a_reader_that_goes_away_is_not_a_traceback(data_dir):
    # `llm-roadmap export --format json | head -c 1`, with a big enough output to fill the pipe.
    many = Path(data_dir).parent / "many"
    many.mkdir(exist_ok=True)
    (many / "roadmap.toml").write_text(
        DATA.replace("The Transformer paper.", "x" * 200_000), encoding="utf-8"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "llm_roadmap", "--data", str(many), "export", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **ENV},
    )
    assert proc.stdout.read(1) == b"{"
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.wait(timeout=60)
    assert b"Traceback" not in stderr, stderr.decode()
