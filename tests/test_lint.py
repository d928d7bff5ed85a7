"""The curators' lint (`llm_roadmap.lint`): each rule on a small bad example, and the real data."""

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import llm_roadmap
from llm_roadmap import DataError, Roadmap, lint

if TYPE_CHECKING:
    import click.testing

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_DATA = ROOT / "plugins" / "llm-roadmap-llm-apps" / "llm_roadmap_llm_apps" / "data"

GOOD = """
[[resources]]
id = "a-book"
title = "Deep Learning"
url = "https://example.org/book"
kind = "book"
language = "en"
authors = ["A. Author"]
year = 2020
publisher = "Example Press"
description = { zh = "讲优化的一本书。", en = "A book on optimisation." }

[[resources]]
id = "a-paper"
title = "On Learning Things"
url = "https://arxiv.org/abs/2001.00001"
kind = "paper"
language = "en"
authors = ["B. Author"]
year = 2020
identifiers = { arxiv = "2001.00001" }
description = { zh = "一篇论文。", en = "A paper on tokenisation." }

[[tracks]]
id = "a-track"
title = { zh = "深度学习基础", en = "Deep learning basics with PyTorch and the Transformer" }
summary = { zh = "参数高效微调与重排序。", en = "Parameter-efficient fine-tuning and reranking." }

[[tracks.topics]]
id = "a-topic"
title = { zh = "主题", en = "LLM topics: GPT-4 and Llama" }
summary = { zh = "摘要。", en = "Summary." }
concepts = [
    { key = "things", zh = "东西", en = "Things", primary = ["a-paper"] },
    { key = "more-things", zh = "更多东西", en = "More things" },
]

[[tracks.topics.resources]]
resource = "a-book"
teaches = ["more-things"]
hours = 6
hours_basis = { zh = "两章，约 60 页：6 小时", en = "Two chapters, ~60 pages: 6 h" }

[[tracks.topics.resources]]
resource = "a-paper"
role = "optional"
teaches = ["things"]
hours = 2.5
hours_basis = { zh = "约 8 页，读两遍", en = "~8 pages, read twice" }
"""


def load_text(tmp_path: Path, text: str) -> Roadmap:
    """A roadmap of one data file only (the bundled data disabled)."""
    (tmp_path / "data.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    return llm_roadmap.load(
        paths=[tmp_path], plugins=[], disable_plugins=["llm-roadmap"], environ={}
    )


def found(roadmap: Roadmap, rule: str) -> list[tuple[str, str, str]]:
    return [(p.entry, p.field, p.message) for p in lint.lint(roadmap, rules=[rule], waivers=())]


def test_a_clean_example_passes_every_rule(tmp_path: Path) -> None:
    assert lint.lint(load_text(tmp_path, GOOD), waivers=()) == ()


def test_spelling_reports_american_forms_with_the_british_one(tmp_path: Path) -> None:
    roadmap = load_text(
        tmp_path, GOOD.replace("A book on optimisation.", "Optimization, labeling.")
    )
    assert found(roadmap, "spelling") == [
        ("a-book", "description.en", "'Optimization' is American spelling: write 'Optimisation'"),
        ("a-book", "description.en", "'labeling' is American spelling: write 'labelling'"),
    ]
    # Real titles keep their own spelling: "Convex Optimization" is not reported.
    titled = GOOD.replace('title = "Deep Learning"', 'title = "Convex Optimization"')
    assert found(load_text(tmp_path, titled), "spelling") == []


def test_terms_reports_a_variant_in_either_language(tmp_path: Path) -> None:
    text = GOOD.replace("参数高效微调与重排序。", "轻量化微调。").replace(
        "Parameter-efficient fine-tuning and reranking.", "Finetuning and re-ranking."
    )
    problems = found(load_text(tmp_path, text), "terms")
    assert [(e, f) for e, f, _ in problems] == [("a-track", "summary.zh")] + [
        ("a-track", "summary.en")
    ] * 2
    assert "say '参数高效微调', not '轻量化微调'" in problems[0][2]
    assert {m for _, _, m in problems[1:]} == {
        "say 'fine-tuning', not 'finetuning' (one term per concept)",
        "say 'reranking', not 're-ranking' (one term per concept)",
    }


def test_title_case_wants_sentence_case_and_no_full_stop(tmp_path: Path) -> None:
    text = GOOD.replace("Deep learning basics with PyTorch", "Deep Learning Basics with PyTorch")
    text = text.replace('en = "LLM topics: GPT-4 and Llama"', 'en = "LLM topics."')
    problems = found(load_text(tmp_path, text), "title-case")
    assert [(e, f, m.split(":")[0]) for e, f, m in problems] == [
        ("a-track", "title.en", "'Learning'"),
        ("a-track", "title.en", "'Basics'"),
        ("a-topic", "title.en", "a title ends without a full stop"),
    ]


def test_required_fields_by_kind(tmp_path: Path) -> None:
    text = GOOD.replace('publisher = "Example Press"\n', "").replace("year = 2020\n", "", 1)
    text = text.replace('identifiers = { arxiv = "2001.00001" }\n', "")
    problems = found(load_text(tmp_path, text), "required-fields")
    assert [(e, f) for e, f, _ in problems] == [
        ("a-book", "year"),
        ("a-book", "publisher"),
        ("a-paper", "identifiers.arxiv"),
    ]
    # A paper whose only page is its own site has no identifier to require.
    own_site = GOOD.replace("https://arxiv.org/abs/2001.00001", "https://example.org/paper")
    own_site = own_site.replace('identifiers = { arxiv = "2001.00001" }\n', "")
    assert found(load_text(tmp_path, own_site), "required-fields") == []


def test_teaching_finds_an_untaught_concept_and_a_primary_paper_not_placed(tmp_path: Path) -> None:
    text = GOOD.replace('teaches = ["more-things"]\n', "").replace('teaches = ["things"]\n', "")
    problems = found(load_text(tmp_path, text), "teaching")
    assert [(e, f) for e, f, _ in problems] == [
        ("a-topic", "concepts[0]"),
        ("a-topic", "concepts[0].primary"),
        ("a-topic", "concepts[1]"),
    ]
    assert "no resource placed here teaches concept 'things'" in problems[0][2]
    assert "'a-paper', the primary source of 'things'" in problems[1][2]
    keyless = GOOD.replace('{ key = "more-things", ', "{ ").replace(
        'teaches = ["more-things"]\n', ""
    )
    assert [(e, f) for e, f, _ in found(load_text(tmp_path, keyless), "teaching")] == [
        ("a-topic", "concepts[1].key")
    ]


def test_study_time_wants_hours_on_every_placement(tmp_path: Path) -> None:
    untimed = GOOD.replace(
        'hours = 2.5\nhours_basis = { zh = "约 8 页，读两遍", en = "~8 pages, read twice" }\n', ""
    )
    assert untimed != GOOD
    # Data without a study time is valid: it loads, and only the lint reports it.
    roadmap = load_text(tmp_path, untimed)
    assert found(roadmap, "study-time") == [
        (
            "a-topic",
            "resources[1].hours",
            "no study time for 'a-paper': add hours and hours_basis (zh and en) "
            "for the part the note asks for",
        )
    ]
    # The basis is a text a reader sees, so the spelling rule reads it too.
    misspelt = GOOD.replace("~8 pages, read twice", "~8 pages on optimization")
    assert [f[1] for f in found(load_text(tmp_path, misspelt), "spelling")] == [
        "resources[1].hours_basis.en"
    ]


def test_waivers_accept_a_finding_and_report_a_stale_one(tmp_path: Path) -> None:
    roadmap = load_text(tmp_path, GOOD.replace('publisher = "Example Press"\n', ""))
    waiver = lint.Waiver(rule="required-fields", entry="a-book", field="publisher", reason="why")
    assert lint.lint(roadmap, waivers=[waiver]) == ()
    stale = lint.lint(load_text(tmp_path, GOOD), waivers=[waiver])
    assert [(p.rule, p.entry) for p in stale] == [("waivers", "a-book")]
    # A waiver for an entry that is not loaded (a plugin left out) is not stale.
    elsewhere = lint.Waiver(rule="spelling", entry="not-here", reason="why")
    assert lint.lint(load_text(tmp_path, GOOD), waivers=[elsewhere]) == ()


def test_a_waivers_file_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "waivers.toml"
    path.write_text(
        '[[waivers]]\nrule = "spelling"\nentry = "x"\nreason = "a name"\n'
        '[[waivers]]\nrule = "speling"\nentry = "x"\nreason = ""\ncolour = 1\n',
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        lint.load_waivers(path)
    messages = [str(p) for p in caught.value.problems]
    assert any("waiver '#2': colour: unknown key" in m for m in messages), messages
    assert any("waiver '#2': reason: required" in m for m in messages), messages
    assert any("waiver '#2': rule: unknown rule 'speling'" in m for m in messages), messages
    path.write_text('[[waivers]]\nrule = "spelling"\nentry = "x"\nreason = "a name"\n')
    assert lint.load_waivers(path) == (lint.Waiver(rule="spelling", entry="x", reason="a name"),)


def test_an_unknown_rule_name_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="speling"):
        lint.lint(load_text(tmp_path, GOOD), rules=["speling"])


def test_the_bundled_data_and_the_plugin_pass_the_lint() -> None:
    roadmap = llm_roadmap.load(paths=[PLUGIN_DATA], plugins=[], environ={})
    assert "llm-applications" in [t.id for t in roadmap.tracks]
    problems = lint.lint(roadmap)
    assert not problems, "\n".join(str(p) for p in problems)
    assert lint.bundled_waivers(), "the bundled waivers file is read"


def problems_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_text(tmp_path, text)
    return [str(p) for p in caught.value.problems]


def test_teaches_naming_an_unknown_concept_is_a_validation_error(tmp_path: Path) -> None:
    messages = problems_of(tmp_path, GOOD.replace('teaches = ["things"]', 'teaches = ["thngs"]'))
    file = str(tmp_path / "data.toml")
    assert messages == [
        f"{file}: topic 'a-topic': resources[1].teaches[0]: unknown concept 'thngs' of topic "
        "'a-topic'; did you mean 'things', 'more-things'?"
    ]


def test_concept_keys_and_primary_sources_are_validated(tmp_path: Path) -> None:
    text = GOOD.replace('key = "more-things"', 'key = "things"').replace(
        'primary = ["a-paper"]', 'primary = ["a-papr", "Not An Id"]'
    )
    messages = problems_of(tmp_path, text)
    assert any("concepts[1].key: concept key 'things' is used twice" in m for m in messages)
    assert any("concepts[0].primary[1]: 'Not An Id' is not a kebab-case" in m for m in messages)
    assert any("concepts[0].primary[0]: unknown resource 'a-papr'" in m for m in messages)
    typed = problems_of(tmp_path, GOOD.replace('key = "things"', "key = 3"))
    assert any("concepts[0]" in m and "'key' must be a string" in m for m in typed), typed


def test_an_extension_may_teach_the_concepts_of_the_topic_it_extends(tmp_path: Path) -> None:
    extension = """
    [[extensions]]
    topic = "a-topic"

    [[extensions.resources]]
    resource = "another"
    role = "optional"
    teaches = ["things", "no-such-thing"]

    [[resources]]
    id = "another"
    title = "Another"
    url = "https://example.org/another"
    kind = "article"
    language = "en"
    description = { zh = "另一篇。", en = "Another one." }
    """
    (tmp_path / "ext.toml").write_text(textwrap.dedent(extension), encoding="utf-8")
    messages = problems_of(tmp_path, GOOD)
    assert messages == [
        f"{tmp_path / 'ext.toml'}: topic 'a-topic': extension resources[0].teaches[1]: "
        "unknown concept 'no-such-thing' of topic 'a-topic'"
    ]


def _cli(*args: str) -> "click.testing.Result":
    from click.testing import CliRunner

    from llm_roadmap.cli import main

    env = {"LLM_ROADMAP_PLUGINS": "", "LANG": "en_US.UTF-8", "LC_ALL": "", "LLM_ROADMAP_LANG": ""}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_validate_lint_on_the_command_line(tmp_path: Path) -> None:
    clean = _cli("validate", "--lint")
    assert clean.exit_code == 0, clean.output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "data.toml").write_text(
        textwrap.dedent(GOOD.replace("A book on optimisation.", "On optimization.")),
        encoding="utf-8",
    )
    # Without --lint the data is valid; with it, the finding and exit status 1.
    assert _cli("validate", "--standalone", str(bad)).exit_code == 0
    linted = _cli("validate", "--lint", "--standalone", str(bad))
    assert linted.exit_code == 1
    assert "resource 'a-book': description.en: 'optimization' is American spelling" in linted.output
    assert "[spelling]" in linted.output
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(
        '[[waivers]]\nrule = "spelling"\nentry = "a-book"\nreason = "quoted"\n', encoding="utf-8"
    )
    waived = _cli("validate", "--lint", "--waivers", str(waivers), "--standalone", str(bad))
    assert waived.exit_code == 0, waived.output
