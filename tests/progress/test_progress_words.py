"""Every vocabulary word a learner reads is in their language: path, progress and next.

Under ``--lang zh`` no English word of a closed vocabulary (kind, level,
role, emphasis, status) nor an English table heading is printed; under
``--lang en`` no Chinese label is. Roadmap texts (titles, notes, advice),
ids and URLs are taken out of the output first: they are data, shown as
the curators wrote them (a zh title may well be English).
"""

import enum
import re
from collections.abc import Iterator

import pytest
from _cli_runner import cli_runner

import llm_roadmap
from llm_roadmap import Lang, Roadmap, Text
from llm_roadmap.cli import main
from llm_roadmap.vocabulary import ADVICE, LABELS

ENGLISH_WORDS = sorted(
    {text.en for text in LABELS.values()}
    | {value.value for value in LABELS if isinstance(value, enum.Enum)}
    | {"status", "title", "progress", "topics", "topic", "track", "kind", "level", "role"} - {""},
    key=len,
    reverse=True,
)
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _texts(rm: Roadmap) -> Iterator[Text]:
    for track in rm.tracks:
        yield from (x for x in (track.title, track.summary, track.note) if x is not None)
        for topic in track.topics:
            yield from (x for x in (topic.title, topic.summary, topic.note) if x is not None)
            yield from topic.concepts
            yield from (p.note for p in topic.resources if p.note is not None)
    for resource in rm.resources:
        yield resource.title
        yield resource.description
        yield from (link.label for link in resource.links)
    yield from ADVICE.values()


@pytest.fixture(scope="module")
def rm() -> Roadmap:
    return llm_roadmap.load(plugins=[])


def _strip_data(output: str, rm: Roadmap, lang: Lang) -> str:
    """The output without roadmap texts, ids, URLs and group names."""
    pieces = {t.get(lang) for t in _texts(rm)}
    pieces |= {r.id for r in rm.resources} | {t.id for t in rm.topics} | {t.id for t in rm.tracks}
    pieces |= {p.group for t in rm.topics for p in t.resources if p.group}
    pieces |= {a for r in rm.resources for a in r.authors}
    out = re.sub(r"https?://\S+", " ", output)
    # Longest first, so that a title is removed before a word inside it.
    ordered = sorted((p for p in pieces if p), key=len, reverse=True)
    for piece in ordered:
        out = out.replace(piece, " ")
    # Rich may wrap a long text over lines: what is left of one goes word by word.
    for piece in ordered:
        if len(piece) > 30:
            for part in piece.split():
                if len(part) > 3:
                    out = out.replace(part, " ")
    return out


def _run(args: list[str], terminal: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    if terminal:
        # Draw the rich tables (with their headings) as on an 80-column terminal.
        from llm_roadmap.cli import _entries, _screen, progress

        for module in (_entries, _screen, progress):
            if hasattr(module, "is_terminal"):
                monkeypatch.setattr(module, "is_terminal", lambda: True)
        for name in ("llm_roadmap.cli.path", "llm_roadmap.cli.tracks"):
            module = __import__(name, fromlist=["_"])
            if hasattr(module, "is_terminal"):
                monkeypatch.setattr(module, "is_terminal", lambda: True)
    runner = cli_runner()
    env = {"LLM_ROADMAP_PLUGINS": "", "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    result = runner.invoke(main, args, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout + result.stderr


COMMANDS = [
    ["path", "llm-foundations"],
    ["progress"],
    ["next"],
    ["mark", "learning", "d2l-zh", "transformer"],
    ["tracks"],
]


def _mark_some() -> None:
    p = llm_roadmap.Progress.load()
    p.mark("attention-is-all-you-need", "done")
    p.mark("python-tutorial", "skipped")
    p.mark("text-preprocessing", "skipped", topic=True)
    p.save()


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_no_english_vocabulary_under_zh(
    command: list[str], terminal: bool, rm: Roadmap, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mark_some()
    output = _strip_data(_run(["--lang", "zh", *command], terminal, monkeypatch), rm, Lang.ZH)
    found = [
        w for w in ENGLISH_WORDS if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", output, re.I)
    ]
    assert not found, f"English words in zh output: {found}\n{output}"


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_no_chinese_vocabulary_under_en(
    command: list[str], terminal: bool, rm: Roadmap, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mark_some()
    output = _strip_data(_run(["--lang", "en", *command], terminal, monkeypatch), rm, Lang.EN)
    assert not CJK.findall(output), f"Chinese in en output:\n{output}"


def test_the_check_catches_an_english_word(rm: Roadmap) -> None:
    # Guards the tests above: an English status in zh output is found.
    output = _strip_data("transformer\tdone\t3/10", rm, Lang.ZH)
    assert re.search(r"(?<![\w-])done(?![\w-])", output)
