"""Exports that know progress (``--progress``): Markdown ticks, a CSV column, a JSON object."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from _progress_data import load, write
from test_progress_cli import run

from llm_roadmap import ExportError, Progress, Roadmap
from llm_roadmap.exporters.json import schema


@pytest.fixture
def rm(tmp_path: Path) -> Roadmap:
    return load(tmp_path / "study")


@pytest.fixture
def progress() -> Progress:
    p = Progress()
    p.mark("core-a", "done")
    p.mark("pick-y", "done")
    p.mark("core-b", "learning")
    p.mark("tools", "skipped", topic=True)
    return p


def test_markdown_checklist_ticks_what_is_done(rm: Roadmap, progress: Progress) -> None:
    out = rm.export("markdown", lang="en", progress=progress.statuses(rm), diagram=False)
    assert isinstance(out, str)
    ticked = [line for line in out.splitlines() if line.lstrip().startswith("- [x] ")]
    unticked = [line for line in out.splitlines() if line.lstrip().startswith("- [ ] ")]
    assert any("Core A" in line for line in ticked)
    assert any("Pick Y" in line for line in ticked)
    # The pick-one group's own line is ticked: one member is done.
    assert any("pick one" in line.lower() for line in ticked)
    assert any("Core B" in line for line in unticked)  # learning is not done
    assert any("Pick X" in line for line in unticked)


def test_csv_gets_a_status_column(rm: Roadmap, progress: Progress) -> None:
    out = rm.export("csv", progress=progress.statuses(rm))
    assert isinstance(out, str)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][-1] == "status"
    plain = list(csv.reader(io.StringIO(str(rm.export("csv")))))
    assert rows[0][:-1] == plain[0]
    status = {row[7]: row[-1] for row in rows[1:]}
    assert status["core-a"] == "done"
    assert status["core-b"] == "learning"
    assert status["pick-x"] == "pending"
    # Every other cell is as without progress.
    assert [row[:-1] for row in rows] == plain


def test_json_carries_statuses_and_matches_the_schema(rm: Roadmap, progress: Progress) -> None:
    out = rm.export("json", progress=progress.statuses(rm))
    data = json.loads(str(out))
    jsonschema.validate(data, schema())
    assert data["progress"]["resources"]["core-a"] == "done"
    assert data["progress"]["topics"]["basics"] == "learning"  # derived: core-b is not done
    assert data["progress"]["topics"]["tools"] == "skipped"
    assert "progress" not in json.loads(str(rm.export("json")))


def test_statuses_are_derived_over_the_whole_roadmap(rm: Roadmap) -> None:
    p = Progress()
    for rid in ("core-a", "core-b", "pick-x"):
        p.mark(rid, "done")
    # A subset by kind drops core-a (a book) from "basics": its status stays done.
    data = json.loads(str(rm.export("json", kinds=["paper", "course"], progress=p.statuses(rm))))
    assert data["progress"]["topics"]["basics"] == "done"


def test_a_wrong_progress_option_is_an_export_error(rm: Roadmap) -> None:
    with pytest.raises(ExportError, match=r"Progress\.statuses"):
        rm.export("csv", progress="my-progress.json")


def test_the_cli_flag(tmp_path: Path) -> None:
    data = ["--data", str(write(tmp_path / "study"))]
    without = {fmt: run(*data, "export", "-f", fmt).stdout for fmt in ("markdown", "csv", "json")}
    run(*data, "mark", "done", "core-a")
    # Without --progress, an export is byte for byte what it was before any mark.
    for fmt, before in without.items():
        assert run(*data, "export", "-f", fmt).stdout == before, fmt
    marked = run(*data, "export", "-f", "csv", "--progress").stdout
    assert marked.splitlines()[0].endswith(",status")
    assert ",core-a," in marked and "done" in marked
    md = run(*data, "export", "-f", "markdown", "--progress", "--lang", "en").stdout
    assert "- [x] " in md
    refused = run(*data, "export", "-f", "bibtex", "--progress")
    assert refused.exit_code == 2
    assert "cannot show progress" in refused.stderr
