"""What a learner sees: the real ``llm-roadmap`` in a pseudo-terminal of 60, 80 and 120 columns.

Each command runs in zh and en under a pty of the given size (``TIOCSWINSZ``),
its output read back through a terminal emulator (pyte) and as the raw bytes.
What must hold on every screen:

* no line is wider than the terminal (a URL longer than the width may stand
  alone on its line, at the left edge, for the terminal to wrap);
* every word of four or more letters of each title shown is whole on one line;
* no line is closing punctuation alone (``）。``);
* every URL of the resources shown is there whole, as text, and as the
  target of an OSC 8 hyperlink (``FORCE_HYPERLINK=1``; pyte drops OSC 8, so
  the raw output is read for it).
"""

import re
import subprocess
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Callable, NamedTuple

import pytest
from _pty import COMMAND, URL, Shown, run, width

import llm_roadmap
from llm_roadmap import Lang, Roadmap

WIDTHS = (60, 80, 120)
LANGS = ("zh", "en")
CLOSING = set("，。、；：！？）」』】》〉”’…·%,.;:!?)]}")

# What the learner has marked in the "with progress" runs.
MARKS = {
    "done": ["linear-algebra", "python", "attention-is-all-you-need"],
    "learning": ["d2l-zh", "word-representations"],
}


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    # What the pty runs load: the bundled data and the built-ins, installed plugins off.
    return llm_roadmap.load(plugins=[])


@pytest.fixture(scope="module")
def progress_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory whose progress file has a few marks, made by the real command."""
    home = tmp_path_factory.mktemp("progress-home")
    for status, ids in MARKS.items():
        subprocess.run(
            [COMMAND, "mark", status, *ids],
            env={"LLM_ROADMAP_DATA_DIR": str(home), "LLM_ROADMAP_PLUGINS": "", "PATH": ""},
            check=True,
            capture_output=True,
        )
    return home


class Expected(NamedTuple):
    titles: list[str]
    urls: list[str]


def _resource_urls(roadmap: Roadmap, ids: Iterable[str], lang: Lang, main: bool) -> list[str]:
    urls = []
    for resource_id in ids:
        r = roadmap.resource(resource_id)
        urls.append(r.main_url(lang) if main else r.url)
    return urls


def _path(roadmap: Roadmap, lang: Lang) -> Expected:
    topics = roadmap.path("llm-foundations")
    ids = [p.resource for t in topics for p in t.resources]
    titles = [t.title.get(lang) for t in topics] + [
        roadmap.resource(i).title.get(lang) for i in ids
    ]
    urls = _resource_urls(roadmap, ids, lang, main=True)
    urls += [link.url for i in ids for link in roadmap.resource(i).links]
    return Expected(titles, urls)


def _show(roadmap: Roadmap, lang: Lang) -> Expected:
    topic = roadmap.topic("attention-mechanism")
    ids = [p.resource for p in topic.resources]
    titles = [topic.title.get(lang)] + [roadmap.resource(i).title.get(lang) for i in ids]
    return Expected(titles, _resource_urls(roadmap, ids, lang, main=False))


def _tracks(roadmap: Roadmap, lang: Lang) -> Expected:
    return Expected([t.title.get(lang) for t in roadmap.tracks], [])


def _resources(roadmap: Roadmap, lang: Lang) -> Expected:
    return Expected(
        [r.title.get(lang) for r in roadmap.resources], [r.url for r in roadmap.resources]
    )


def _search(roadmap: Roadmap, lang: Lang) -> Expected:
    hits = roadmap.search(QUERY[lang.value], limit=20)
    return Expected([h.item.title.get(lang) for h in hits], [])


def _progress(roadmap: Roadmap, lang: Lang) -> Expected:
    return Expected(
        [t.title.get(lang) for t in roadmap.tracks] + [t.title.get(lang) for t in roadmap.topics],
        [],
    )


def _next(roadmap: Roadmap, lang: Lang, home: Path) -> Expected:
    from llm_roadmap.progress import Progress

    steps = Progress.load(home / "progress.json").next(roadmap)
    titles = [s.topic.title.get(lang) for s in steps]
    titles += [p.resource.title.get(lang) for s in steps for p in s.resources]
    urls = [p.resource.main_url(lang) for s in steps for p in s.resources]
    return Expected(titles, urls)


def _plan(roadmap: Roadmap, lang: Lang, home: Path) -> Expected:
    import datetime as dt

    from llm_roadmap.progress import Progress

    plan = Progress.load(home / "progress.json").plan(
        roadmap, "llm-foundations", hours_per_week=6, start=dt.date(2027, 1, 4)
    )
    titles = [item.resource.title.get(lang) for week in plan.weeks for item in week.items]
    return Expected(titles, [])


def _plugins(roadmap: Roadmap, lang: Lang) -> Expected:
    return Expected([p.name for p in roadmap.plugins], [])


def _help(roadmap: Roadmap, lang: Lang) -> Expected:
    return Expected([], [])


QUERY = {"zh": "注意力", "en": "attention"}


class Case(NamedTuple):
    args: tuple[str, ...]
    progress: bool
    expected: Callable[..., Expected]


CASES = {
    "path": Case(("path", "llm-foundations"), False, _path),
    "show": Case(("show", "attention-mechanism"), False, _show),
    "tracks": Case(("tracks",), False, _tracks),
    "tracks-progress": Case(("tracks",), True, _tracks),
    "resources": Case(("resources",), False, _resources),
    "search": Case(("search", "{query}"), False, _search),
    "progress": Case(("progress",), True, _progress),
    "next": Case(("next",), True, _next),
    "plan": Case(
        ("plan", "llm-foundations", "--hours-per-week", "6", "--start", "2027-01-04"), True, _plan
    ),
    "plugins": Case(("plugins",), False, _plugins),
    "help": Case(("--help",), False, _help),
    "show-help": Case(("show", "--help"), False, _help),
}


def _words(text: str) -> list[str]:
    return re.findall(r"(?<![A-Za-z])[A-Za-z]{4,}(?![A-Za-z])", text)


def check_screen(shown: Shown, expected: Expected) -> None:
    """Every assertion of the module docstring, with the line that breaks it in the message."""
    columns = shown.columns
    assert shown.status == 0, shown.text
    # Nothing wider than the terminal, but a URL too long for any line, alone at the left edge.
    for line in shown.lines:
        if width(line) <= columns:
            continue
        assert URL.fullmatch(line), f"a line of {width(line)} cells at {columns}:\n{line}"
    # No orphaned closing punctuation.
    for line in shown.screen:
        bare = line.strip()
        assert not bare or not set(bare) <= CLOSING, f"a line of closing punctuation: {line!r}"
    # Every word of every title whole on some line, as often as the titles use it.
    wanted = Counter(w for title in expected.titles for w in _words(title))
    seen = Counter(w for line in shown.screen for w in _words(line))
    cut = {w: (n, seen[w]) for w, n in wanted.items() if seen[w] < n}
    assert not cut, f"title words cut across lines (wanted, seen): {cut}\n{shown.text}"
    # Every URL whole on one line, and a hyperlink to it.
    written = "\n".join(shown.lines)
    for url in expected.urls:
        assert re.search(rf"(?<!\S){re.escape(url)}(?![^\s)）])", written), f"{url} not whole"
        assert url in shown.links, f"{url} is not a hyperlink"


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(CASES))
def test_screen(
    name: str, lang: str, columns: int, roadmap: Roadmap, progress_home: Path, tmp_path: Path
) -> None:
    case = CASES[name]
    args = tuple(a.format(query=QUERY[lang]) for a in case.args)
    home = progress_home if case.progress else tmp_path
    env = {"LLM_ROADMAP_DATA_DIR": str(home), "FORCE_HYPERLINK": "1"}
    shown = run("--no-pager", "--lang", lang, *args, columns=columns, env=env)
    expected = (
        case.expected(roadmap, Lang(lang), home)
        if case.expected in (_next, _plan)
        else case.expected(roadmap, Lang(lang))
    )
    check_screen(shown, expected)
    if case.progress and name.startswith("tracks"):
        # The progress column survives every width (it outranks topics, emphasis, origin).
        assert re.search(r"\d+/\d+", shown.text), shown.text
    if name.endswith("help"):
        usage = "用法：" if lang == "zh" else "Usage:"
        assert shown.screen[0].startswith(usage), shown.text
        heading = "选项：" if lang == "zh" else "Options:"
        assert heading in shown.screen, shown.text


# Ids a progress file keeps for a plugin that is not installed: the notice on
# standard error lists them, and a terminal must not cut one across lines.
UNKNOWN = [f"an-uninstalled-plugin-resource-number-{i}" for i in range(12)]


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_ids_kept_for_an_uninstalled_plugin_wrap_between_ids(
    lang: str, columns: int, tmp_path: Path
) -> None:
    from llm_roadmap.progress import Progress

    progress = Progress()
    for resource in UNKNOWN:
        progress.mark(resource, "done")
    progress.save(tmp_path / "progress.json")
    shown = run(
        "--no-pager", "--lang", lang, "progress",
        columns=columns, env={"LLM_ROADMAP_DATA_DIR": str(tmp_path)},
    )  # fmt: skip
    assert shown.status == 0, shown.text
    assert all(width(line) <= columns for line in shown.lines), shown.text
    ids = [i for line in shown.screen for i in re.findall(r"an-uninstalled[\w-]*", line)]
    assert ids == UNKNOWN, shown.text  # each whole, in number order (2 before 10)
