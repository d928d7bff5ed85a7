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

from collections.abc import Iterable
from pathlib import Path
from typing import Optional, Union

import attrs
import tomli

from ..errors import DataError, Problem
from ..roadmap import Roadmap
from .rules import (
    AMERICAN_RE,
    NOT_VARIANTS,
    PROPER_NAMES,
    RULES,
    TERMS,
    LintProblem,
    Term,
    check_required_fields,
    check_spelling,
    check_study_time,
    check_teaching,
    check_terms,
    check_title_case,
    reader_texts,
)

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
    from ..bundled import data_root

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
