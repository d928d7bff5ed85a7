"""The BibTeX export as real tools read it: pybtex's ``plain`` styles, biber, XeLaTeX."""

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
        assert text.startswith("@misc{") and "howpublished = {Book}" in text, change
        (entry,) = formatted(text).values()
        assert "Dive into Deep Learning. Book" in entry
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


# -- biber's data model, and truncated author lists ----------------------------------------


needs_biber = pytest.mark.skipif(
    not shutil.which("biber"), reason="needs biber (apt-get install biber)"
)


@needs_biber
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("everything", [False, True])
def test_biber_finds_nothing_to_warn_about_in_the_bundled_export(
    bundled, tmp_path, lang, everything
):
    path = tmp_path / "roadmap.bib"
    bundled.export("bibtex", path, lang=lang, all=everything)
    proc = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--output-file", "out.bib", "roadmap.bib"],
        cwd=tmp_path,
        capture_output=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    output = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, output[-3000:]
    assert "Datamodel validation complete" in output, output[-3000:]
    assert "WARN" not in output and "ERROR" not in output, output
    # Entries without a year are there (a book draft; with all, courses...).
    text = path.read_text(encoding="utf-8")
    assert "date = {XXXX}" in text
    assert biber_tool_entries(tmp_path / "out.bib") == text.count("\n@") + 1


def biber_tool_entries(path):
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("@"))


def test_a_cut_author_list_ends_with_others(bundled):
    gpt3 = bundled.resource("gpt-3")
    assert gpt3.authors[-1] == "others"  # the data's marker
    text = bundled.export("bibtex", lang="en")
    entry = text[text.index("@misc{brown2020language,") :].split("\n}\n", 1)[0]
    assert "Girish Sastry and Amanda Askell and others}," in entry
    # pybtex's Python plain style prints the marker as a last name...
    assert formatted(entry + "\n}\n")["brown2020language"].startswith(
        "Tom B. Brown, Benjamin Mann, Nick Ryder, Melanie Subbiah, Jared Kaplan, Prafulla "
        "Dhariwal, Arvind Neelakantan, Pranav Shyam, Girish Sastry, Amanda Askell, and others. "
        "Language Models are Few-Shot Learners. 2020."
    )
    # ...and a complete list of ten has no marker.
    assert "Jeffrey Wu and Dario Amodei}," in text


@pytest.mark.skipif(
    not shutil.which("kpsewhich"), reason="needs TeX's plain.bst (apt-get install texlive-base)"
)
def test_bibtex_plain_prints_et_al_for_gpt3(bundled, tmp_path, monkeypatch):
    # BibTeX's own plain.bst, run by pybtex's BibTeX engine: "and others" is "et al.".
    (tmp_path / "roadmap.bib").write_text(bundled.export("bibtex", lang="en"), encoding="utf-8")
    (tmp_path / "paper.aux").write_text(
        "\\citation{brown2020language}\n\\citation{kaplan2020scaling}\n"
        "\\bibdata{roadmap}\n\\bibstyle{plain}\n",
        encoding="utf-8",
    )
    from pybtex import bibtex as engine

    monkeypatch.chdir(tmp_path)  # BibTeX finds the .bib beside the .aux
    engine.make_bibliography("paper.aux")
    bbl = " ".join((tmp_path / "paper.bbl").read_text(encoding="utf-8").split())
    assert "Girish Sastry, Amanda Askell, et~al." in bbl
    assert "Jeffrey Wu, and Dario Amodei." in bbl
