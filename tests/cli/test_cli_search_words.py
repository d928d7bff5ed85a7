"""``llm-roadmap search``: Chinese words of any length, and a word on how many hits there are."""

import json
import subprocess
import sys

import pytest

import llm_roadmap
from llm_roadmap.serialize import to_data

WORDS = ["模型", "学习", "向量", "注意力", "transformer"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _hits(*words: str) -> list[tuple[str, str]]:
    result = _cli("--json", "search", "--limit", "1000", *words)
    assert result.returncode in (0, 1), result.stderr
    return [(hit["type"], hit["id"]) for hit in json.loads(result.stdout)]


@pytest.fixture(scope="module")
def bundled() -> llm_roadmap.Roadmap:
    return llm_roadmap.load(plugins=[])


@pytest.mark.parametrize("word", WORDS)
def test_each_word_finds_every_title_and_description_that_has_it(bundled, word) -> None:
    hits = set(_hits(word))
    assert hits
    # Everything that has the word where a reader sees it is found...
    for resource in bundled.resources:
        texts = (
            resource.title.zh,
            resource.title.en,
            resource.description.zh,
            resource.description.en,
        )
        if any(word in t.casefold() for t in texts):
            assert ("resource", resource.id) in hits, resource.id
    for topic in bundled.topics:
        texts = [topic.title.zh, topic.title.en, topic.summary.zh, topic.summary.en]
        texts += [c.zh for c in topic.concepts] + [c.en for c in topic.concepts]
        if any(word in t.casefold() for t in texts):
            assert ("topic", topic.id) in hits, topic.id
    # ...and nothing that has not.
    items = {("resource", r.id): r for r in bundled.resources}
    items.update({("topic", t.id): t for t in bundled.topics})
    items.update({("track", t.id): t for t in bundled.tracks})
    for hit in hits:
        data = json.dumps(to_data(items[hit]), ensure_ascii=False).casefold()
        assert word in data, hit


def test_chinese_next_to_english_is_two_words(bundled) -> None:
    spaced = _hits("transformer", "架构")
    assert spaced and spaced == _hits("transformer架构") == _hits("Transformer 架构")
    assert len(spaced) < len(_hits("transformer"))
    # Punctuation between words separates them, and is no word of its own.
    assert _hits("模型，向量") == _hits("模型", "向量") != []


def test_a_limited_list_says_how_many_there_are() -> None:
    total = len(_hits("模型"))
    assert total > 20
    shown = _cli("--lang", "en", "search", "模型")
    assert shown.returncode == 0
    assert len(shown.stdout.strip().splitlines()) == 20  # piped: one hit a line
    assert shown.stderr.strip() == f"20 of {total} hits shown; --limit {total} shows them all"
    everything = _cli("--lang", "zh", "search", "--limit", str(total), "模型")
    assert len(everything.stdout.strip().splitlines()) == total and everything.stderr == ""
