"""The BibTeX export as real tools read it: pybtex's ``plain`` style, and XeLaTeX with biber."""

import re
import shutil
import subprocess
from pathlib import Path

import attrs
import pytest

import llm_roadmap

pybtex_database = pytest.importorskip("pybtex.database")
from pybtex.backends.plaintext import Backend  # noqa: E402
from pybtex.style.formatting.plain import Style  # noqa: E402
from pybtex.style.template import FieldIsMissing  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def formatted(text):
    """Every entry formatted with pybtex's plain style; raises on a missing required field."""
    library = pybtex_database.parse_string(text, "bibtex")
    return {
        entry.key: entry.text.render(Backend())
        for entry in Style().format_entries(library.entries.values())
    }


@pytest.fixture(scope="module")
def bundled():
    return llm_roadmap.load(plugins=[], environ={})


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("everything", [False, True])
def test_plain_formats_every_entry_of_the_bundled_export(bundled, lang, everything):
    text = bundled.export("bibtex", lang=lang, all=everything)
    entries = formatted(text)
    assert len(entries) == text.count("\n@") + text.startswith("@")
    books = re.findall(r"^@book\{", text, flags=re.MULTILINE)
    assert books, "the bundled books with a publisher are @book entries"


def test_plain_formats_the_sample_and_hostile_exports(sample, hostile):
    entries = formatted(sample.export("bibtex", all=True))
    assert entries["zhang2023dive"].startswith(
        "Aston Zhang, Zachary C. Lipton, Mu Li, and Alexander J. Smola. "
        "Dive into Deep Learning. Cambridge University Press, 2023."
    )
    assert formatted(hostile.export("bibtex", all=True))


def test_a_book_without_a_required_field_is_cited_as_misc(sample):
    d2l = sample.resource("d2l")
    # The check is real: pybtex refuses a @book without a publisher.
    with pytest.raises(FieldIsMissing, match="publisher"):
        formatted("@book{x, author = {A. Author}, title = {T}, year = {2020}}")
    for change in ({"publisher": None}, {"year": None}, {"authors": ()}):
        broken = attrs.evolve(d2l, **change)
        rm = llm_roadmap.Roadmap(tracks=(), resources=(broken,), exporters=sample.exporters)
        text = rm.export("bibtex")
        assert text.startswith("@misc{") and "howpublished = {book}" in text, change
        assert formatted(text)
    whole = llm_roadmap.Roadmap(tracks=(), resources=(d2l,), exporters=sample.exporters)
    text = whole.export("bibtex")
    assert (
        text.startswith("@book{zhang2023dive,")
        and "publisher = {Cambridge University Press}" in text
    )
    assert "howpublished" not in text


def _recipe():
    """The LaTeX document of docs/exporters.md's BibTeX recipe."""
    page = (ROOT / "docs" / "exporters.md").read_text(encoding="utf-8")
    match = re.search(r"```latex\n(?P<body>.*?)```", page, flags=re.DOTALL)
    assert match, "docs/exporters.md has no ```latex recipe"
    return match.group("body")


@pytest.mark.skipif(
    not (shutil.which("xelatex") and shutil.which("biber")), reason="needs xelatex and biber"
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_docs_recipe_compiles_with_xelatex_and_biber(bundled, tmp_path, lang):
    bundled.export("bibtex", tmp_path / "roadmap.bib", lang=lang)
    (tmp_path / "roadmap.tex").write_text(_recipe(), encoding="utf-8")

    def run(*command):
        proc = subprocess.run(
            command, cwd=tmp_path, capture_output=True, timeout=600, stdin=subprocess.DEVNULL
        )
        output = proc.stdout.decode("utf-8", "replace")
        assert proc.returncode == 0, output[-3000:]
        return output

    latex = ("xelatex", "-interaction=nonstopmode", "-halt-on-error", "roadmap.tex")
    run(*latex)
    biber = run("biber", "roadmap")
    assert "ERROR" not in biber and "WARN" not in biber, biber
    run(*latex)
    run(*latex)
    log = (tmp_path / "roadmap.log").read_text("utf-8", "replace")
    # Every character has a glyph (Chinese names too), every citation resolved.
    assert "Missing character" not in log
    assert "undefined references" not in log and "Please rerun" not in log
    assert (tmp_path / "roadmap.pdf").stat().st_size > 10_000
    bbl = (tmp_path / "roadmap.bbl").read_text(encoding="utf-8")
    # Chinese names and publishers are in the English export too.
    assert "Vaswani" in bbl and "人民邮电出版社" in bbl and "李沐" in bbl
