"""The curators' consistency lint: what `llm-roadmap validate --lint` checks beyond validity.

Validation (`llm_roadmap.validate_paths`) rejects data that cannot be loaded;
the lint finds data that loads but reads inconsistently or is incomplete:

- ``spelling``: one English, British with *-ise* (`AMERICAN_RE`), in every text
  a reader sees except real titles;
- ``terms``: one term per concept, in Chinese and in English (`TERMS`);
- ``title-case``: our own titles (tracks, topics) in sentence case, without a
  final full stop (`PROPER_NAMES` lists the capitalised words allowed);
- ``required-fields``: books name authors, year and publisher; papers name
  authors, year, and the identifier their URL or links imply (an arXiv id for
  an arXiv page, a DOI for a doi.org or ACL Anthology page);
- ``teaching``: every concept a topic lists has a key and is taught by a
  resource placed in that topic (a placement's ``teaches``), and a concept's
  primary papers are placed there and teach it;
- ``study-time``: every placement gives its study time (``hours``) with its
  basis (``hours_basis``), so that paths and plans can add them up.

Findings the curators accept are waived, each with a reason (`Waiver`); the
bundled data's waivers ship as ``llm_roadmap.data/lint-waivers.toml``::

    import llm_roadmap
    from llm_roadmap import lint

    problems = lint.lint(llm_roadmap.load())
    for problem in problems:
        print(problem)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Optional, Union
from urllib.parse import urlsplit

import attrs
import tomli

from .errors import DataError, Problem
from .model import Kind, Resource, Text, Topic, Track
from .roadmap import Roadmap

__all__ = [
    "AMERICAN_RE",
    "NOT_VARIANTS",
    "PROPER_NAMES",
    "RULES",
    "TERMS",
    "LintProblem",
    "Term",
    "Waiver",
    "bundled_waivers",
    "check_required_fields",
    "check_spelling",
    "check_study_time",
    "check_teaching",
    "check_terms",
    "check_title_case",
    "lint",
    "load_waivers",
    "reader_texts",
]

AMERICAN_RE = re.compile(
    r"\b[A-Za-z]*(?:iz(?:e|es|ed|ing|er|ers|ation|ations)|yz(?:e|es|ed|ing))\b"
    r"|\b(?:labeled|labeling|modeling|modeled|behaviors?|colors?|favor|centers?)\b"
)
"""American spellings: *-ize*, *-yze*, *-or* for *-our*, single *l* in labelled, modelled."""

NOT_VARIANTS = frozenset({"size", "sizes", "sized", "prize", "seize", "capsize", "Tokenizers"})
"""Words `AMERICAN_RE` matches that are British too, or proper names (the Tokenizers library)."""

PROPER_NAMES = frozenset(
    {
        "Adam", "Anthropic", "Bayes", "Bilibili", "Chinese", "Colab", "Coursera", "Datawhale",
        "English", "Face", "Gaussian", "Hugging", "Jupyter", "Kimi", "Llama", "Markov", "Milvus",
        "Newton", "Ollama", "Stanford", "Transformer", "Transformers",
    }
)  # fmt: skip
"""Capitalised words a sentence-case title may contain after its first word."""


@attrs.frozen(kw_only=True)
class Term:
    """One concept's preferred name, and the variants to replace with it.

    Attributes:
        preferred: The term to write.
        variants: Other names of the same concept (matched case-insensitively,
            as whole words in English).
        lang: ``"zh"`` or ``"en"``: the texts it applies to.
    """

    preferred: str
    variants: tuple[str, ...]
    lang: str


TERMS: tuple[Term, ...] = (
    Term(preferred="参数高效微调", variants=("轻量化微调", "轻量级微调"), lang="zh"),
    Term(preferred="切块", variants=("文本分块", "文档分块", "文档切分"), lang="zh"),
    Term(preferred="智能体", variants=("智能代理",), lang="zh"),
    Term(preferred="思维链", variants=("链式思考", "思考链"), lang="zh"),
    Term(preferred="微调", variants=("精调",), lang="zh"),
    Term(preferred="提示工程", variants=("提示词工程",), lang="zh"),
    Term(preferred="reranking", variants=("re-ranking", "re-rank", "re-ranked"), lang="en"),
    Term(preferred="fine-tuning", variants=("finetuning", "finetune", "finetuned"), lang="en"),
    Term(preferred="pre-training", variants=("pretraining", "pretrained", "pretrain"), lang="en"),
    Term(
        preferred="parameter-efficient fine-tuning",
        variants=("lightweight fine-tuning",),
        lang="en",
    ),
    Term(preferred="LLM-as-a-judge", variants=("LLM as a judge",), lang="en"),
    Term(preferred="dataset", variants=("data set", "data sets"), lang="en"),
    Term(preferred="e-book", variants=("ebook", "ebooks"), lang="en"),
)
"""The terminology table: one term per concept, across the core data and the plugins."""


@attrs.frozen(kw_only=True)
class LintProblem(Problem):
    """A lint finding: a `Problem` that also names the rule that found it.

    Attributes:
        rule: The rule's name, a key of `RULES` (``"spelling"``...).
    """

    rule: str = ""

    def __str__(self) -> str:
        return f"{Problem.__str__(self)} [{self.rule}]"


def _problem(
    entry: Union[Resource, Topic, Track], kind: str, field: str, message: str, rule: str
) -> LintProblem:
    provenance = getattr(entry, "provenance", None)
    file = "<roadmap>" if provenance is None else str(provenance.file or provenance.plugin)
    return LintProblem(
        file=file, entry=entry.id, kind=kind, field=field, message=message, rule=rule
    )


def reader_texts(
    roadmap: Roadmap,
) -> Iterator[tuple[Union[Resource, Topic, Track], str, str, Text]]:
    """Every text a reader sees except real titles, as ``(entry, kind, field, text)``.

    Resource titles are left out: they are the works' own titles and keep
    their spelling and capitals.
    """
    for track in roadmap.tracks:
        yield track, "track", "title", track.title
        yield track, "track", "summary", track.summary
        if track.note is not None:
            yield track, "track", "note", track.note
    for topic in roadmap.topics:
        yield topic, "topic", "title", topic.title
        yield topic, "topic", "summary", topic.summary
        if topic.note is not None:
            yield topic, "topic", "note", topic.note
        for i, concept in enumerate(topic.concepts):
            yield topic, "topic", f"concepts[{i}]", concept
        for i, placement in enumerate(topic.resources):
            if placement.note is not None:
                yield topic, "topic", f"resources[{i}].note", placement.note
            basis = getattr(placement, "hours_basis", None)
            if basis is not None:
                yield topic, "topic", f"resources[{i}].hours_basis", basis
    for resource in roadmap.resources:
        yield resource, "resource", "description", resource.description
        for i, link in enumerate(resource.links):
            yield resource, "resource", f"links[{i}].label", link.label


def _british(word: str) -> str:
    """The British spelling ``word`` suggests (best effort, for the message)."""
    fixed = re.sub(r"iz(?=e|a|i)", "is", word)
    fixed = re.sub(r"yz(?=e|i)", "ys", fixed)
    fixed = re.sub(r"([Ll]abe|[Mm]ode)l(ed|ing)", r"\1ll\2", fixed)
    fixed = re.sub(r"([Bb]ehavi|[Cc]ol|[Ff]av)or", r"\1our", fixed)
    return fixed.replace("center", "centre")


def check_spelling(roadmap: Roadmap) -> Iterator[LintProblem]:
    """Report American spellings in English texts (British English, *-ise*, is the rule)."""
    for entry, kind, field, text in reader_texts(roadmap):
        for match in AMERICAN_RE.finditer(text.en):
            word = match.group(0)
            if word not in NOT_VARIANTS:
                message = f"{word!r} is American spelling: write {_british(word)!r}"
                yield _problem(entry, kind, f"{field}.en", message, "spelling")


def _term_re(term: str, lang: str) -> re.Pattern[str]:
    escaped = re.escape(term)
    return re.compile(escaped if lang == "zh" else rf"(?<![\w-]){escaped}(?![\w-])", re.IGNORECASE)


def check_terms(roadmap: Roadmap, terms: Iterable[Term] = TERMS) -> Iterator[LintProblem]:
    """Report a variant of a term where the terminology table prefers another."""
    table = [
        (term, variant, _term_re(variant, term.lang)) for term in terms for variant in term.variants
    ]
    for entry, kind, field, text in reader_texts(roadmap):
        for term, variant, pattern in table:
            if pattern.search(text.get(term.lang)):
                message = f"say {term.preferred!r}, not {variant!r} (one term per concept)"
                yield _problem(entry, kind, f"{field}.{term.lang}", message, "terms")


_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9.+/'-]*")


def check_title_case(
    roadmap: Roadmap, proper_names: Iterable[str] = PROPER_NAMES
) -> Iterator[LintProblem]:
    """Report track and topic titles not in sentence case, or ending in a full stop.

    A word after the first (and after a colon) that is capitalised and
    otherwise lowercase ("Learning") must be a proper name; acronyms and names
    with inner capitals (LLM, PyTorch, GPT-4) are fine.
    """
    allowed = frozenset(proper_names)
    titled: list[tuple[Union[Track, Topic], str]] = [(t, "track") for t in roadmap.tracks]
    titled += [(t, "topic") for t in roadmap.topics]
    for entry, kind in titled:
        for lang in ("zh", "en"):
            title = entry.title.get(lang)
            if title.rstrip().endswith((".", "。")):
                yield _problem(
                    entry, kind, f"title.{lang}", "a title ends without a full stop", "title-case"
                )
        for part in entry.title.en.split(":"):
            words = _WORD_RE.findall(part)
            for word in words[1:]:
                if word[0].isupper() and word[1:].islower() and word not in allowed:
                    message = (
                        f"{word!r}: titles are in sentence case "
                        "(only the first word and proper names capitalised)"
                    )
                    yield _problem(entry, kind, "title.en", message, "title-case")


def _expected_identifiers(resource: Resource) -> Iterator[tuple[str, str]]:
    urls = [resource.url, *(link.url for link in resource.links)]
    for url in urls:
        host = urlsplit(url).netloc.lower()
        if host == "arxiv.org":
            yield "arxiv", "an arXiv id (it has an arXiv page)"
        elif host in ("doi.org", "dx.doi.org", "aclanthology.org"):
            yield "doi", "a DOI (it has a DOI or ACL Anthology page)"


def check_required_fields(roadmap: Roadmap) -> Iterator[LintProblem]:
    """Report books without authors, year or publisher, and papers without authors, year or id."""
    for r in roadmap.resources:
        if r.kind not in (Kind.BOOK, Kind.PAPER):
            continue
        what = r.kind.value
        missing: list[tuple[str, str]] = []
        if not r.authors:
            missing.append(("authors", f"a {what} names its authors"))
        if r.year is None:
            missing.append(("year", f"a {what} names its year"))
        if r.kind is Kind.BOOK and not getattr(r, "publisher", None):
            missing.append(("publisher", "a book names its publisher"))
        if r.kind is Kind.PAPER:
            for name, description in dict(_expected_identifiers(r)).items():
                if not getattr(r.identifiers, name):
                    message = f"a paper carries its identifiers: {description}"
                    missing.append((f"identifiers.{name}", message))
        for field, message in missing:
            yield _problem(r, "resource", field, message, "required-fields")


def check_teaching(roadmap: Roadmap) -> Iterator[LintProblem]:
    """Report concepts that nothing placed in their topic teaches, and misplaced primary papers.

    Every concept of a topic has a ``key``; some placement of the topic (its
    own or one an extension added) lists the key in ``teaches``; and every
    resource the concept names as ``primary`` is placed in the topic and
    teaches the concept.
    """
    for topic in roadmap.topics:
        taught: dict[str, set[str]] = {}
        for placement in topic.resources:
            for key in getattr(placement, "teaches", ()):
                taught.setdefault(key, set()).add(placement.resource)
        for i, concept in enumerate(topic.concepts):
            key = getattr(concept, "key", None)
            if not key:
                message = (
                    f"concept {concept.en!r} has no key, so no placement can say it teaches it"
                )
                yield _problem(topic, "topic", f"concepts[{i}].key", message, "teaching")
                continue
            teachers = taught.get(key, set())
            if not teachers:
                message = (
                    f'no resource placed here teaches concept {key!r} (add `teaches = ["{key}"]`)'
                )
                yield _problem(topic, "topic", f"concepts[{i}]", message, "teaching")
            for primary in getattr(concept, "primary", ()):
                if primary not in teachers:
                    message = (
                        f"{primary!r}, the primary source of {key!r}, is not placed to teach it"
                    )
                    yield _problem(topic, "topic", f"concepts[{i}].primary", message, "teaching")


def check_study_time(roadmap: Roadmap) -> Iterator[LintProblem]:
    """Report placements without a study time (``hours``, with its ``hours_basis``).

    Data without times is valid and loads (the views mark the time unknown);
    the bundled data and the first-party plugins give one for every placement.
    """
    for topic in roadmap.topics:
        for i, placement in enumerate(topic.resources):
            if getattr(placement, "hours", None) is None:
                message = (
                    f"no study time for {placement.resource!r}: add hours and "
                    "hours_basis (zh and en) for the part the note asks for"
                )
                yield _problem(topic, "topic", f"resources[{i}].hours", message, "study-time")


RULES: Mapping[str, Callable[[Roadmap], Iterable[LintProblem]]] = {
    "spelling": check_spelling,
    "terms": check_terms,
    "title-case": check_title_case,
    "required-fields": check_required_fields,
    "teaching": check_teaching,
    "study-time": check_study_time,
}
"""Every rule, by name, in the order `lint` runs them."""


@attrs.frozen(kw_only=True)
class Waiver:
    """A finding the curators accept, with the reason (in a waivers file, ``[[waivers]]``).

    Attributes:
        rule: The rule that reports it.
        entry: The id of the track, topic or resource.
        field: The field reported (``"year"``); empty to waive the rule for the whole entry.
        reason: Why the finding is accepted (required, so that a reviewer can judge it).
    """

    rule: str
    entry: str
    field: str = ""
    reason: str

    def covers(self, problem: LintProblem) -> bool:
        """Whether this waiver accepts ``problem``."""
        return (
            problem.rule == self.rule
            and problem.entry == self.entry
            and (not self.field or problem.field == self.field)
        )


def load_waivers(path: Union[str, Path]) -> tuple[Waiver, ...]:
    """Read a waivers file: ``[[waivers]]`` tables with ``rule``, ``entry``, ``field``, ``reason``.

    Raises:
        DataError: the file is not valid TOML, or a waiver lacks a rule, an
            entry or a reason, names an unknown rule, or has an unknown key.
    """
    path = Path(path)
    problems: list[Problem] = []
    try:
        data = tomli.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError) as error:
        raise DataError([Problem(file=str(path), entry="", field="", message=str(error))]) from None
    waivers = []
    for i, table in enumerate(data.get("waivers", [])):
        where = {"file": str(path), "entry": f"#{i + 1}", "kind": "waiver"}
        extra = sorted(set(table) - {"rule", "entry", "field", "reason"})
        if extra:
            problems.append(Problem(**where, field=extra[0], message="unknown key"))
        for key in ("rule", "entry", "reason"):
            if not isinstance(table.get(key), str) or not table[key].strip():
                problems.append(Problem(**where, field=key, message="required: a non-empty string"))
        if isinstance(table.get("rule"), str) and table["rule"] not in RULES:
            message = f"unknown rule {table['rule']!r}: expected one of {', '.join(RULES)}"
            problems.append(Problem(**where, field="rule", message=message))
        if not problems:
            waivers.append(Waiver(**{k: str(v) for k, v in table.items()}))
    extra_top = sorted(set(data) - {"waivers"})
    if extra_top:
        problems.append(
            Problem(file=str(path), entry="", field=extra_top[0], message="unknown key")
        )
    if problems:
        raise DataError(problems)
    return tuple(waivers)


def bundled_waivers() -> tuple[Waiver, ...]:
    """The bundled data's waivers (``lint-waivers.toml``, beside ``resources/`` and ``tracks/``)."""
    from .bundled import data_root

    return load_waivers(str(data_root() / "lint-waivers.toml"))


def lint(
    roadmap: Roadmap,
    *,
    rules: Optional[Iterable[str]] = None,
    waivers: Optional[Iterable[Waiver]] = None,
) -> tuple[LintProblem, ...]:
    """Run the lint rules over a loaded roadmap and return what they find.

    Args:
        roadmap: What to check (`llm_roadmap.load()`: the bundled data, plugins, your paths).
        rules: Names of the rules to run (keys of `RULES`); all of them by default.
        waivers: Findings to accept; `bundled_waivers()` by default. A waiver
            whose entry is in the roadmap but that covers nothing is reported
            itself (rule ``waivers``), so stale waivers do not pile up.

    Raises:
        KeyError: an unknown rule name.
    """
    names = list(RULES) if rules is None else list(rules)
    unknown = [name for name in names if name not in RULES]
    if unknown:
        raise KeyError(f"unknown lint rule(s) {', '.join(unknown)}: expected {', '.join(RULES)}")
    accepted = bundled_waivers() if waivers is None else tuple(waivers)
    found = [problem for name in names for problem in RULES[name](roadmap)]
    kept = [p for p in found if not any(w.covers(p) for w in accepted)]
    ids = {t.id for t in roadmap.tracks} | {t.id for t in roadmap.topics}
    ids |= {r.id for r in roadmap.resources}
    for waiver in accepted:
        if (
            waiver.rule in names
            and waiver.entry in ids
            and not any(waiver.covers(p) for p in found)
        ):
            message = f"waiver of {waiver.rule!r} covers nothing any more: remove it"
            kept.append(
                LintProblem(
                    file="lint-waivers",
                    entry=waiver.entry,
                    field=waiver.field,
                    message=message,
                    rule="waivers",
                )
            )
    return tuple(kept)
