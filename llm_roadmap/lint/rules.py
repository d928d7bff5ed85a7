"""The lint rules and their tables; `llm_roadmap.lint` is the public face (see there)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Union
from urllib.parse import urlsplit

import attrs

from ..errors import Problem
from ..model import Kind, Resource, Text, Topic, Track
from ..roadmap import Roadmap

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


def _where(entry: Union[Resource, Topic, Any]) -> str:
    provenance = getattr(entry, "provenance", None)
    if provenance is None:
        return "<roadmap>"
    return str(provenance.file or provenance.plugin)


def _problem(entry: Any, kind: str, field: str, message: str, rule: str) -> LintProblem:
    return LintProblem(
        file=_where(entry), entry=entry.id, kind=kind, field=field, message=message, rule=rule
    )


def reader_texts(roadmap: Roadmap) -> Iterator[tuple[Any, str, str, Text]]:
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
        if not r.authors:
            yield _problem(
                r, "resource", "authors", f"a {what} names its authors", "required-fields"
            )
        if r.year is None:
            yield _problem(r, "resource", "year", f"a {what} names its year", "required-fields")
        if r.kind is Kind.BOOK and not getattr(r, "publisher", None):
            yield _problem(
                r, "resource", "publisher", "a book names its publisher", "required-fields"
            )
        if r.kind is Kind.PAPER:
            for name, description in dict(_expected_identifiers(r)).items():
                if not getattr(r.identifiers, name):
                    message = f"a paper carries its identifiers: {description}"
                    yield _problem(r, "resource", f"identifiers.{name}", message, "required-fields")


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
