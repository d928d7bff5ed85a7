"""What every exporter shares: registration as plugins, options, outputs and atomic writes."""

import io
import sys
import types

import exporters_sample
import pytest

import llm_roadmap
from llm_roadmap import Exporter, ExportError, Text, hookimpl
from llm_roadmap.plugin.discovery import BUILTIN_PLUGINS

FORMATS = ["markdown", "csv", "json", "bibtex", "mermaid", "html"]
# Binary formats: tested in their own files (test_export_sqlite.py).
BINARY_FORMATS = ["sqlite"]


def test_built_in_exporters_are_plugins_with_provenance(sample):
    assert sorted(sample.exporters) == sorted(FORMATS + BINARY_FORMATS)
    for exporter in sample.exporters.values():
        assert exporter.provenance.distribution == "llm-roadmap"
        assert exporter.provenance.plugin == f"llm_roadmap.exporters.{exporter.id}"
        assert exporter.suffix.startswith(".") and "/" in exporter.media_type
        assert exporter.title.zh and exporter.title.en
    listed = {p.name: p for p in sample.plugins}
    for module in (m for m in BUILTIN_PLUGINS if ".exporters." in m):
        assert listed[module].builtin and listed[module].hooks == ("register_exporters",)
        assert listed[module].contributed["exporters"] == 1


def test_a_built_in_exporter_can_be_blocked_like_any_plugin():
    rm = exporters_sample.load(disable_plugins=["llm_roadmap.bundled", "llm_roadmap.exporters.csv"])
    assert "csv" not in rm.exporters and "markdown" in rm.exporters
    with pytest.raises(llm_roadmap.NotFoundError, match="no exporter with id 'csv'"):
        rm.export("csv")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_exporter_writes_to_a_path_a_file_or_returns_the_text(tmp_path, sample, fmt):
    returned = sample.export(fmt, lang="zh")
    assert isinstance(returned, str) and returned
    path = tmp_path / f"out{sample.exporters[fmt].suffix}"
    assert sample.export(fmt, path, lang="zh") is None
    assert path.read_bytes().decode("utf-8") == returned
    buffer = io.StringIO()
    assert sample.export(fmt, buffer, lang="zh") is None
    assert buffer.getvalue() == returned


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_exporter_honours_language_and_subset(sample, fmt):
    zh = (
        sample.export(fmt, lang="zh", all=True)
        if fmt == "bibtex"
        else sample.export(fmt, lang="zh")
    )
    en = (
        sample.export(fmt, lang="en", all=True)
        if fmt == "bibtex"
        else sample.export(fmt, lang="en")
    )
    # BibTeX has no tracks: look at a book's title there, at a track's elsewhere.
    chinese, english = (
        ("动手学深度学习", "{Dive} into {Deep} {Learning}")
        if fmt == "bibtex"
        else ("基础", "Foundations")
    )
    assert chinese in zh and english in en
    if fmt not in ("json", "html"):  # JSON and the page hold both languages whatever the choice
        assert english not in zh and chinese not in en
    if fmt == "html":  # the page starts in the language chosen
        assert '<html lang="zh-Hans"' in zh and '<html lang="en"' in en
    part = sample.export(fmt, topics=["attention"], kinds=["paper", "blog", "article"])
    assert "d2l.ai" not in part and "Deep learning" not in part
    if fmt == "bibtex":
        assert "1706.03762" in part
    else:
        assert "attention" in part.lower()


def test_options_are_checked(sample):
    with pytest.raises(ExportError, match="option 'checklist' must be true or false"):
        sample.export("markdown", checklist="maybe")
    with pytest.raises(ExportError, match="option 'indent'"):
        sample.export("json", indent="wide")
    with pytest.raises(llm_roadmap.NotFoundError):
        sample.export("csv", tracks=["no-such-track"])


def test_a_built_in_exporter_failing_midway_leaves_the_file_untouched(
    tmp_path, sample, monkeypatch
):
    from llm_roadmap.exporters import markdown

    target = tmp_path / "roadmap.md"
    target.write_text("the previous export\n", encoding="utf-8")
    calls = []
    real = markdown.advice

    # Asked once per track and topic, as each is written: the fourth call
    # comes after the head and the diagram were written.
    def failing(emphasis, lang):
        calls.append(emphasis)
        if len(calls) == 4:
            raise RuntimeError("disk on fire")
        return real(emphasis, lang)

    monkeypatch.setattr(markdown, "advice", failing)
    with pytest.raises(
        ExportError, match=r"exporter 'markdown' .*failed: RuntimeError: disk on fire"
    ):
        sample.export("markdown", target)
    assert len(calls) == 4
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["roadmap.md"]


def test_a_plugin_exporter_failing_midway_leaves_the_file_untouched(tmp_path):
    def write(roadmap, out, options):
        out.write("half of it\n" * 1000)
        out.flush()
        raise ValueError("ran out of ideas")

    plugin = types.ModuleType("half_exporter")

    @hookimpl
    def register_exporters(register):
        register(
            Exporter(
                id="half",
                title=Text.same("Half"),
                suffix=".txt",
                media_type="text/plain",
                write=write,
            )
        )

    plugin.register_exporters = register_exporters
    rm = llm_roadmap.load(
        plugins=[],
        disable_plugins=["llm_roadmap.bundled"],
        environ={},
        strict=True,
        extra_plugins=[("sample", sys.modules["exporters_sample"]), ("half-exporter", plugin)],
    )
    assert rm.exporters["half"].provenance.plugin == "half-exporter"
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    with pytest.raises(
        ExportError, match=r"exporter 'half' \(from plugin half-exporter\) failed: ValueError"
    ):
        rm.export("half", target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    # A new file is not created either.
    with pytest.raises(ExportError):
        rm.export("half", tmp_path / "new.txt")
    assert not (tmp_path / "new.txt").exists()
