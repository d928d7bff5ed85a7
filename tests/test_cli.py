"""The command line, run for real: click's CliRunner, and subprocesses for exit codes and pipes.

Tests that depend on exact contents use small data written into tmp dirs
(``--data``) with installed plugins switched off (``LLM_ROADMAP_PLUGINS=``);
tests of the bundled data only check its structure, since it is still being
curated. Plugin tests install fake distributions by putting a ``*.dist-info``
directory on ``PYTHONPATH``, which importlib.metadata discovers like any
installed package.
"""

import inspect
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable, Optional

import click
import pytest
from click.testing import CliRunner, Result

import llm_roadmap
from llm_roadmap.cli import main
from llm_roadmap.cli._common import default_lang, plain
from llm_roadmap.model import Lang

ROOT = Path(__file__).resolve().parent.parent
NO_PLUGINS = {
    "LLM_ROADMAP_PLUGINS": "",
    "LLM_ROADMAP_DISABLE_PLUGINS": "",
    "LLM_ROADMAP_STRICT_PLUGINS": "",
}

NEXT_TRACK = """
[[tracks]]
id = "toy-next"
order = 6
title = { zh = "下一步", en = "Next step" }
summary = { zh = "依赖玩具路线。", en = "Builds on the toy track." }

[[tracks.topics]]
id = "toy-next-topic"
title = { zh = "进阶", en = "Further" }
summary = { zh = "更进一步。", en = "Going further." }
prerequisites = ["toy-attention"]

[[tracks.topics.resources]]
resource = "toy-video"
role = "optional"
"""

FIRST_TRACK = """
[[tracks]]
id = "toy-first"
order = 4
title = { zh = "第一条", en = "First one" }
summary = { zh = "排在前面。", en = "Comes first." }

[[tracks.topics]]
id = "toy-first-topic"
title = { zh = "开头", en = "Start" }
summary = { zh = "开始。", en = "Start here." }

[[tracks.topics.resources]]
resource = "toy-video"
"""


def run(*args: str, env: Optional[dict[str, str]] = None) -> Result:
    """Run the CLI in-process with installed plugins off and an English locale."""
    full_env = {
        **NO_PLUGINS,
        "LC_ALL": "",
        "LC_MESSAGES": "",
        "LANG": "en_US.UTF-8",
        "LLM_ROADMAP_LANG": "",
    }
    full_env.update(env or {})
    return _runner().invoke(main, list(args), env=full_env, catch_exceptions=False)


def _runner() -> CliRunner:
    # click < 8.2 (the last release for Python 3.9) mixes stderr into stdout unless told not to.
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


def lines(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def data(toy_dir: Path) -> list[str]:
    """``--data`` arguments that add the toy track and its resources."""
    return ["--data", str(toy_dir)]


# -- package hygiene -----------------------------------------------------------


def test_import_llm_roadmap_imports_no_cli_or_network_libraries() -> None:
    code = (
        "import llm_roadmap, sys; "
        "bad = {'click','rich','requests','requests_cache','cattrs'} & set(sys.modules); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_help_imports_no_command_module_and_no_rich() -> None:
    code = textwrap.dedent(
        """
        import sys
        from llm_roadmap.cli import main
        try:
            main(["--help"])
        except SystemExit as exc:
            assert exc.code == 0, exc.code
        loaded = {m for m in sys.modules if m.startswith("llm_roadmap.cli.") or m == "rich"}
        assert loaded == {"llm_roadmap.cli._common"}, loaded
        """
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert "tracks" in out.stdout


def test_registered_short_help_matches_each_command() -> None:
    ctx = click.Context(main, info_name="llm-roadmap")
    for name, short in main.lazy_short_help().items():
        command = main.get_command(ctx, name)
        assert command is not None, name
        assert command.get_short_help_str(limit=200) == short, name


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert llm_roadmap.__version__ in result.stdout


# -- language ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, Lang.EN),
        ({"LANG": "zh_CN.UTF-8"}, Lang.ZH),
        ({"LANG": "en_GB.UTF-8"}, Lang.EN),
        ({"LANG": "C.UTF-8"}, Lang.EN),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, Lang.ZH),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, Lang.EN),
        ({"LC_ALL": "", "LC_MESSAGES": "zh_CN", "LANG": "en_US"}, Lang.ZH),
        ({"LLM_ROADMAP_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, Lang.EN),
        ({"LLM_ROADMAP_LANG": "zh-CN", "LANG": "en_US.UTF-8"}, Lang.ZH),
    ],
)
def test_default_lang_from_environment(environ: dict[str, str], expected: Lang) -> None:
    assert default_lang(environ) is expected


def test_lang_from_locale_option_and_command_option(data: list[str]) -> None:
    zh_locale = {"LANG": "zh_CN.UTF-8"}
    assert "玩具路线" in run(*data, "tracks", env=zh_locale).stdout
    assert "Toy track" in run(*data, "tracks").stdout
    assert "Toy track" in run(*data, "--lang", "en", "tracks", env=zh_locale).stdout
    # The command's own --lang overrides the group's.
    assert "玩具路线" in run(*data, "--lang", "en", "tracks", "--lang", "zh").stdout


def test_unknown_language_is_a_usage_error(data: list[str]) -> None:
    assert run(*data, "--lang", "fr", "tracks").exit_code == 2
    result = run(*data, "tracks", env={"LLM_ROADMAP_LANG": "klingon"})
    assert result.exit_code == 2
    assert "LLM_ROADMAP_LANG" in result.stderr


# -- tracks --------------------------------------------------------------------


def test_tracks_plain_lists_tracks_in_order(write_data: Callable[..., Path], toy_dir: Path) -> None:
    extra = write_data(first=FIRST_TRACK, next=NEXT_TRACK)
    result = run("--data", str(toy_dir), "--data", str(extra), "tracks")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in lines(result)]
    assert all(len(row) == 6 for row in rows)
    assert [int(row[0]) for row in rows] == list(range(1, len(rows) + 1))
    ids = [row[1] for row in rows]
    toys = [i for i in ids if i.startswith("toy-")]
    assert toys == ["toy-first", "toy-track", "toy-next"]  # by order 4, 5, 6
    assert ids == [t.id for t in llm_roadmap.load([toy_dir, extra], plugins=[]).tracks]
    assert rows[ids.index("toy-track")][2:] == ["Toy track", "2", "standard", "local"]


def test_tracks_json_shape_with_global_and_command_flag(data: list[str], toy_dir: Path) -> None:
    for args in (["--json", "tracks"], ["tracks", "--json"]):
        result = run(*data, *args)
        assert result.exit_code == 0
        tracks = json.loads(result.stdout)
        toy = next(t for t in tracks if t["id"] == "toy-track")
        assert toy["title"] == {"zh": "玩具路线", "en": "Toy track"}
        assert toy["topic_count"] == 2
        assert toy["topics"] == ["toy-basics", "toy-attention"]
        assert toy["emphasis"] == "standard"
        assert toy["order"] == 5
        assert toy["provenance"]["distribution"] == "local"
        assert toy["provenance"]["file"] == str(toy_dir / "track.toml")


# -- show ----------------------------------------------------------------------


def test_show_track_plain(data: list[str]) -> None:
    result = run(*data, "show", "toy-track")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("toy-track\tToy track\n")
    assert "1. toy-basics\tBasics\t[standard]" in out
    assert "2. toy-attention\tAttention\t[essential]" in out
    assert out.index("toy-basics") < out.index("toy-attention")
    assert "concepts: Vectors" in out
    assert "prerequisites: toy-basics" in out
    assert "- pick one (basics-book)\ttoy-book\tThe Toy Book\tbook\thttps://example.org/book" in out
    assert (
        "- core\ttoy-paper\tA Toy Paper About Attention\tpaper\thttps://arxiv.org/abs/1706.03762"
        in out
    )
    assert "Read the abstract first." in out
    assert "\x1b" not in out


def test_show_topic_in_chinese(data: list[str]) -> None:
    result = run(*data, "--lang", "zh", "show", "toy-attention")
    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith("toy-attention\t注意力机制\t[essential]")
    assert "路线: toy-track" in result.stdout
    assert "先读摘要。" in result.stdout
    assert "toy-basics\t基础" not in result.stdout  # only the one topic


def test_show_json_expands_resources_with_provenance(data: list[str]) -> None:
    track = json.loads(run(*data, "show", "toy-track", "--json").stdout)
    assert track["type"] == "track"
    assert [t["id"] for t in track["topics"]] == ["toy-basics", "toy-attention"]
    basics = track["topics"][0]
    assert basics["concepts"] == [{"zh": "向量", "en": "Vectors"}]
    first = basics["resources"][0]
    assert (first["role"], first["group"]) == ("alternative", "basics-book")
    assert first["resource"]["id"] == "toy-book"
    assert first["resource"]["free"] is False
    assert first["resource"]["provenance"]["distribution"] == "local"
    topic = json.loads(run(*data, "--json", "show", "toy-attention").stdout)
    assert topic["type"] == "topic"
    assert topic["track"] == "toy-track"
    assert topic["resources"][0]["note"] == {"zh": "先读摘要。", "en": "Read the abstract first."}


def test_show_unknown_id_exits_1_with_suggestion(data: list[str]) -> None:
    result = run(*data, "show", "toy-atention")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr.strip()
        == "Error: no track or topic with id 'toy-atention'; did you mean 'toy-attention'?"
    )


# -- resources -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([], ["toy-book", "toy-video", "toy-paper"]),
        (["--kind", "video"], ["toy-video"]),
        (["--kind", "video", "--kind", "paper"], ["toy-video", "toy-paper"]),
        (["--not-free"], ["toy-book"]),
        (["--free"], ["toy-video", "toy-paper"]),
        (["--language", "zh"], ["toy-book"]),
        (["--level", "advanced"], ["toy-paper"]),
        (["--tag", "basics"], ["toy-book", "toy-video"]),
        (["--tag", "basics", "--kind", "book"], ["toy-book"]),
    ],
)
def test_resources_filters(data: list[str], filters: list[str], expected: list[str]) -> None:
    result = run(*data, "resources", "--track", "toy-track", *filters)
    assert result.exit_code == 0
    assert [line.split("\t")[0] for line in lines(result)] == expected


def test_resources_by_topic_columns_and_json(data: list[str]) -> None:
    result = run(*data, "resources", "--topic", "toy-attention")
    assert lines(result) == [
        "toy-paper\tA Toy Paper About Attention\tpaper\t2017\ten\tadvanced\tfree\thttps://arxiv.org/abs/1706.03762"
    ]
    found = json.loads(run(*data, "resources", "--topic", "toy-basics", "--json").stdout)
    assert [r["id"] for r in found] == ["toy-book", "toy-video"]
    assert found[0]["title"] == {"zh": "玩具书", "en": "The Toy Book"}
    assert found[0]["kind"] == "book"
    assert found[0]["provenance"]["file"].endswith("resources.toml")


def test_resources_nothing_found_exits_1(data: list[str]) -> None:
    result = run(*data, "resources", "--track", "toy-track", "--kind", "course")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "No resources match." in result.stderr
    as_json = run(*data, "--json", "resources", "--track", "toy-track", "--kind", "course")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == []


def test_resources_bad_filters(data: list[str]) -> None:
    unknown_track = run(*data, "resources", "--track", "toy-trak")
    assert unknown_track.exit_code == 1
    assert "Error: no track with id 'toy-trak'; did you mean 'toy-track'?" in unknown_track.stderr
    assert run(*data, "resources", "--kind", "podcast").exit_code == 2
    assert run(*data, "resources", "--level", "expert").exit_code == 2


# -- search --------------------------------------------------------------------


def test_search_finds_chinese_and_english(data: list[str]) -> None:
    result = run(*data, "search", "玩具书")
    assert result.exit_code == 0
    assert lines(result)[0].split("\t")[:3] == ["resource", "toy-book", "The Toy Book"]
    topic = run(*data, "--lang", "zh", "search", "toy-attention", "--limit", "1")
    assert len(lines(topic)) == 1
    kind, topic_id, title, score, fields = lines(topic)[0].split("\t")
    assert (kind, topic_id, title, fields) == ("topic", "toy-attention", "注意力机制", "id")
    assert float(score) > 0


def test_search_several_words_must_all_match(data: list[str]) -> None:
    result = run(*data, "search", "toy", "lovelace")
    assert [line.split("\t")[1] for line in lines(result)] == ["toy-paper"]


def test_search_limit_and_json(data: list[str]) -> None:
    assert len(lines(run(*data, "search", "toy", "--limit", "2"))) == 2
    hits = json.loads(run(*data, "search", "toy-attention", "--json").stdout)
    assert hits[0]["type"] == "topic"
    assert hits[0]["id"] == "toy-attention"
    assert hits[0]["track"] == "toy-track"
    assert hits[0]["fields"] == ["id"]
    assert hits[0]["provenance"]["distribution"] == "local"


def test_search_nothing_found_exits_1(data: list[str]) -> None:
    result = run(*data, "search", "qqqzzzxxx")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Nothing found for: qqqzzzxxx" in result.stderr
    assert run(*data, "search").exit_code == 2  # QUERY is required


# -- path ----------------------------------------------------------------------


def test_path_numbers_topics_and_marks_other_tracks(
    write_data: Callable[..., Path], toy_dir: Path
) -> None:
    extra = write_data(next=NEXT_TRACK)
    result = run("--data", str(toy_dir), "--data", str(extra), "path", "toy-next")
    assert result.exit_code == 0
    assert lines(result) == [
        "1\ttoy-basics\tBasics\ttoy-track\t*",
        "2\ttoy-attention\tAttention\ttoy-track\t*",
        "3\ttoy-next-topic\tFurther\ttoy-next\t",
    ]
    topic_path = json.loads(
        run("--data", str(toy_dir), "--data", str(extra), "path", "toy-attention", "--json").stdout
    )
    assert [(p["position"], p["id"], p["other_track"]) for p in topic_path] == [
        (1, "toy-basics", False),
        (2, "toy-attention", False),
    ]


def test_path_unknown_exits_1(data: list[str]) -> None:
    result = run(*data, "path", "nope-nope")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no track or topic with id 'nope-nope'")


# -- validate ------------------------------------------------------------------

BROKEN = {
    "types": """
        [[resources]]
        id = "bad-types"
        title = "Typed wrong"
        url = "https://example.org/t"
        kind = "paper"
        language = "en"
        year = "2017"
        description = { zh = "中", en = "en" }
        """,
    "unknown_field": """
        [[resources]]
        id = "bad-field"
        title = "Unknown field"
        url = "https://example.org/f"
        kind = "paper"
        language = "en"
        colour = "red"
        description = { zh = "中", en = "en" }
        """,
    "urls": """
        [[resources]]
        id = "bad-url"
        title = "Not http"
        url = "ftp://example.org/file"
        kind = "paper"
        language = "en"
        description = { zh = "中", en = "en" }

        [[resources]]
        id = "no-translation"
        title = "Missing translation"
        url = "https://example.org/m"
        kind = "paper"
        language = "en"
        description = { zh = "", en = "only English" }

        [[resources]]
        id = "good-one"
        title = "Fine"
        url = "https://example.org/g"
        kind = "paper"
        language = "en"
        description = { zh = "好", en = "fine" }

        [[resources]]
        id = "good-one"
        title = "Fine again"
        url = "https://example.org/g2"
        kind = "paper"
        language = "en"
        description = { zh = "好", en = "fine" }
        """,
    "track": """
        [[tracks]]
        id = "bad-track"
        title = { zh = "坏", en = "Bad" }
        summary = { zh = "坏的。", en = "Bad." }

        [[tracks.topics]]
        id = "loop-a"
        title = { zh = "甲", en = "A" }
        summary = { zh = "甲。", en = "A." }
        prerequisites = ["loop-b"]
        [[tracks.topics.resources]]
        resource = "good-one"

        [[tracks.topics]]
        id = "loop-b"
        title = { zh = "乙", en = "B" }
        summary = { zh = "乙。", en = "B." }
        prerequisites = ["loop-a"]
        [[tracks.topics.resources]]
        resource = "no-such-resource"
        """,
}


@pytest.fixture
def broken_dir(write_data: Callable[..., Path]) -> Path:
    return write_data(**BROKEN)


def _check_broken_report(out: str, broken_dir: Path) -> None:
    assert f"{broken_dir / 'types.toml'}: resource 'bad-types': year: " in out
    unknown = broken_dir / "unknown_field.toml"
    assert f"{unknown}: resource 'bad-field': colour: unknown field" in out
    urls = broken_dir / "urls.toml"
    assert re.search(rf"{re.escape(str(urls))}: resource 'bad-url': url: .*http", out)
    assert f"{urls}: resource 'no-translation': description.zh: missing translation (zh)" in out
    assert re.search(rf"{re.escape(str(urls))}: resource 'good-one': id: duplicate", out)
    track = re.escape(str(broken_dir / "track.toml"))
    assert re.search(rf"{track}: topic 'loop-b': resources.*no-such-resource", out)
    assert re.search(rf"{track}: topic 'loop-[ab]': prerequisites.*cycle", out)
    assert "Traceback" not in out


def test_validate_broken_data_reports_every_problem(broken_dir: Path) -> None:
    result = run("validate", str(broken_dir))
    assert result.exit_code == 1
    _check_broken_report(result.stdout, broken_dir)
    assert len(lines(result)) >= 7
    assert re.search(r"\d+ problems", result.stderr)


def test_validate_broken_data_in_a_real_process(broken_dir: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "llm_roadmap", "validate", "--standalone", str(broken_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, **NO_PLUGINS},
    )
    assert proc.returncode == 1
    _check_broken_report(proc.stdout, broken_dir)
    assert "Traceback" not in proc.stderr


def test_validate_json(broken_dir: Path, toy_dir: Path) -> None:
    bad = run("--json", "validate", str(broken_dir))
    assert bad.exit_code == 1
    report = json.loads(bad.stdout)
    assert report["valid"] is False
    assert {
        "file": str(broken_dir / "unknown_field.toml"),
        "kind": "resource",
        "entry": "bad-field",
        "field": "colour",
        "message": "unknown field",
    } in report["problems"]
    good = run("validate", str(toy_dir), "--json")
    assert good.exit_code == 0
    assert json.loads(good.stdout) == {"valid": True, "problems": []}


def test_validate_standalone_vs_with_roadmap(
    write_data: Callable[..., Path], toy_dir: Path
) -> None:
    from conftest import VALID_RESOURCES, VALID_TRACK

    resources_only = write_data(resources=VALID_RESOURCES)
    track_only = write_data(track=VALID_TRACK)
    ok = run("validate", str(toy_dir), "--standalone")
    assert (ok.exit_code, ok.stdout) == (0, "")
    assert "valid" in ok.stderr
    alone = run("validate", "--standalone", str(track_only))
    assert alone.exit_code == 1
    assert "toy-paper" in alone.stdout
    # With the roadmap (here: --data adds the resources), the references resolve.
    assert run("--data", str(resources_only), "validate", str(track_only)).exit_code == 0
    assert run("validate", "--standalone").exit_code == 2  # needs a PATH


def test_validate_missing_path_is_a_problem(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope'}: no such file or directory" in result.stdout


def test_bad_data_on_any_command_is_one_error_not_a_traceback(broken_dir: Path) -> None:
    result = run("--data", str(broken_dir), "tracks")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: invalid roadmap data: ")
    unknown = broken_dir / "unknown_field.toml"
    assert f"{unknown}: resource 'bad-field': colour: unknown field" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(broken_dir: Path) -> None:
    cmd = [sys.executable, "-m", "llm_roadmap", "--data", str(broken_dir), "tracks"]
    env = {**os.environ, **NO_PLUGINS}
    plain_run = subprocess.run(cmd, capture_output=True, text=True, env=env)
    debug_run = subprocess.run(
        [*cmd[:3], "--debug", *cmd[3:]], capture_output=True, text=True, env=env
    )
    assert plain_run.returncode == debug_run.returncode == 1
    assert "Traceback" not in plain_run.stderr
    assert "Traceback" in debug_run.stderr
    assert "llm_roadmap.errors.DataError" in debug_run.stderr


# -- real processes: scripts, pipes and terminals --------------------------------


def _script() -> str:
    script = Path(sys.executable).with_name("llm-roadmap")
    if not script.exists():  # pragma: no cover - the project is installed in every test env
        pytest.fail(f"the llm-roadmap script is not installed next to {sys.executable}")
    return str(script)


@pytest.mark.parametrize("launcher", ["module", "script"])
def test_exit_codes_of_real_processes(launcher: str, toy_dir: Path) -> None:
    prefix = [sys.executable, "-m", "llm_roadmap"] if launcher == "module" else [_script()]
    env = {**os.environ, **NO_PLUGINS, "LANG": "en_US.UTF-8", "LC_ALL": "", "LLM_ROADMAP_LANG": ""}

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, "--data", str(toy_dir), *args], capture_output=True, text=True, env=env
        )

    ok = call("show", "toy-track")
    assert ok.returncode == 0
    assert "toy-attention" in ok.stdout
    assert call("search", "qqqzzzxxx").returncode == 1
    assert call("show", "no-such-thing").returncode == 1
    usage = call("tracks", "--no-such-option")
    assert usage.returncode == 2
    assert "No such option" in usage.stderr
    assert call("--version").stdout.strip().endswith(llm_roadmap.__version__)


def test_piped_output_is_plain(toy_dir: Path) -> None:
    env = {
        **os.environ,
        **NO_PLUGINS,
        "LANG": "zh_CN.UTF-8",
        "LC_ALL": "",
        "LLM_ROADMAP_LANG": "",
        "FORCE_COLOR": "",
    }
    for args in (
        ["tracks"],
        ["show", "toy-track"],
        ["resources"],
        ["path", "toy-attention"],
        ["plugins"],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "llm_roadmap", "--data", str(toy_dir), *args],
            capture_output=True,
            env=env,
        )
        assert proc.returncode == 0, proc.stderr
        out = proc.stdout.decode("utf-8")
        assert "\x1b" not in out, args
        assert not set(out) & set("┏┃━│─└┘┌┐╇┡"), args
    tracks = subprocess.run(
        [sys.executable, "-m", "llm_roadmap", "--data", str(toy_dir), "tracks"],
        capture_output=True,
        env=env,
    )
    assert "toy-track\t玩具路线\t2" in tracks.stdout.decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_terminal_output_is_a_rich_table_with_aligned_chinese(toy_dir: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    from rich.cells import cell_len

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    env = {**os.environ, **NO_PLUGINS, "LLM_ROADMAP_LANG": "zh", "TERM": "xterm", "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llm_roadmap",
            "--data",
            str(toy_dir),
            "resources",
            "--track",
            "toy-track",
        ],
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO once the child has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait() == 0
    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8"))
    table_lines = [line for line in out.replace("\r", "").splitlines() if line[:1] in set("┏┃┡│└")]
    assert len(table_lines) >= 6, out
    assert "玩具书" in out  # the zh title
    assert "标题" in out  # zh column labels
    assert "付费" in out
    assert len({cell_len(line) for line in table_lines}) == 1, out
    assert any("toy-book" in line for line in table_lines)


# -- plugins -------------------------------------------------------------------

GOOD_PLUGIN = """
from llm_roadmap import hookimpl

DATA = {
    "resources": [{
        "id": "plugged-resource", "title": "Plugged", "url": "https://example.org/plugged",
        "kind": "article", "language": "en",
        "description": {"zh": "插件资源", "en": "From a plugin"},
    }],
    "tracks": [{
        "id": "plugged-track", "order": 50,
        "title": {"zh": "插件路线", "en": "Plugged track"},
        "summary": {"zh": "来自插件。", "en": "From a plugin."},
        "topics": [{
            "id": "plugged-topic", "title": {"zh": "插件主题", "en": "Plugged topic"},
            "summary": {"zh": "主题。", "en": "A topic."},
            "resources": [{"resource": "plugged-resource"}],
        }],
    }],
}


@hookimpl
def register_tracks(register):
    register(DATA)
"""


def _fake_distribution(site: Path, dist: str, version: str, module: str, source: str) -> None:
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    metadata = f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n"
    (info / "METADATA").write_text(metadata, encoding="utf-8")
    (info / "entry_points.txt").write_text(
        f"[llm_roadmap]\n{module} = {module}\n", encoding="utf-8"
    )


@pytest.fixture
def plugin_env(tmp_path: Path) -> dict[str, str]:
    """An environment in which a working and a broken plugin distribution are installed."""
    site = tmp_path / "site"
    site.mkdir()
    _fake_distribution(site, "good-plugin", "1.2.3", "good_plugin", GOOD_PLUGIN)
    _fake_distribution(
        site,
        "broken-plugin",
        "0.1",
        "broken_plugin",
        "raise ImportError('no module named nowhere')\n",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLM_ROADMAP_")}
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["LANG"] = "en_US.UTF-8"
    env["LC_ALL"] = ""
    # Only these two, whatever else is installed.
    env["LLM_ROADMAP_PLUGINS"] = "good-plugin,broken-plugin"
    return env


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args], capture_output=True, text=True, env=env
    )


def test_plugin_track_listed_with_origin_and_failure_warned(plugin_env: dict[str, str]) -> None:
    proc = _cli(plugin_env, "tracks")
    assert proc.returncode == 0, proc.stderr
    row = next(line for line in proc.stdout.splitlines() if "\tplugged-track\t" in line)
    assert row.split("\t")[2:] == ["Plugged track", "1", "standard", "good-plugin 1.2.3"]
    warnings_lines = [line for line in proc.stderr.splitlines() if line]
    assert len(warnings_lines) == 1
    assert warnings_lines[0].startswith(
        "Warning: plugin 'broken_plugin' (broken-plugin 0.1) failed"
    )
    assert "no module named nowhere" in warnings_lines[0]


def test_strict_makes_a_failing_plugin_an_error(plugin_env: dict[str, str]) -> None:
    for proc in (
        _cli(plugin_env, "--strict", "tracks"),
        _cli({**plugin_env, "LLM_ROADMAP_STRICT_PLUGINS": "1"}, "tracks"),
    ):
        assert proc.returncode == 1
        assert proc.stdout == ""
        assert proc.stderr.startswith("Error: plugin 'broken_plugin' (broken-plugin 0.1) failed")
        assert "Traceback" not in proc.stderr


def test_plugins_listing(plugin_env: dict[str, str]) -> None:
    proc = _cli(plugin_env, "plugins")
    assert proc.returncode == 0
    assert proc.stderr == ""  # failures are rows here, not warnings
    rows = {line.split("\t")[0]: line.split("\t") for line in proc.stdout.splitlines()}
    assert next(iter(rows)) == "llm_roadmap.bundled"
    assert rows["llm_roadmap.bundled"][1:5] == [
        "llm-roadmap",
        llm_roadmap.__version__,
        "builtin",
        "loaded",
    ]
    good = rows["good_plugin"]
    assert good[1:7] == [
        "good-plugin",
        "1.2.3",
        "installed",
        "loaded",
        "register_tracks",
        "1 track, 1 topic, 1 resource",
    ]
    broken = rows["broken_plugin"]
    assert broken[4] == "failed"
    assert "no module named nowhere" in broken[7]


def test_plugins_json_and_all(plugin_env: dict[str, str]) -> None:
    env = {**plugin_env, "LLM_ROADMAP_DISABLE_PLUGINS": "broken-plugin"}
    shown = json.loads(_cli(env, "plugins", "--json").stdout)
    assert shown[0]["name"] == "llm_roadmap.bundled"
    assert all(p["builtin"] for p in shown[:-1])
    good = shown[-1]
    assert good == {
        "name": "good_plugin",
        "distribution": "good-plugin",
        "version": "1.2.3",
        "builtin": False,
        "hooks": ["register_tracks"],
        "status": "loaded",
        "error": None,
        "contributed": {
            "tracks": 1,
            "topics": 1,
            "resources": 1,
            "extensions": 0,
            "exporters": 0,
            "sources": 0,
        },
    }
    everything = json.loads(_cli(env, "--json", "plugins", "--all").stdout)
    broken = next(p for p in everything if p["name"] == "broken_plugin")
    assert broken["status"] == "disabled"
    assert _cli(env, "tracks").stderr == ""  # disabled: not even tried


def test_validate_without_paths_counts_failed_plugins(plugin_env: dict[str, str]) -> None:
    proc = _cli(plugin_env, "validate")
    assert proc.returncode == 1
    assert proc.stdout.startswith(
        "plugin broken_plugin: import failed: ImportError: no module named nowhere"
    )
    fixed = _cli({**plugin_env, "LLM_ROADMAP_DISABLE_PLUGINS": "broken-plugin"}, "validate")
    assert fixed.returncode == 0, fixed.stdout


# -- bundled data (structure only: it is still being curated) --------------------


def test_bundled_tracks_in_order() -> None:
    result = run("tracks")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in lines(result)]
    assert len(rows) >= 4
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))
    expected = [t.id for t in llm_roadmap.load(plugins=[]).tracks]
    assert [r[1] for r in rows] == expected


def test_bundled_show_and_path_of_nlp_foundations() -> None:
    shown = run("show", "nlp-foundations")
    assert shown.exit_code == 0
    assert shown.stdout.startswith("nlp-foundations\t")
    path = run("path", "llm-foundations")
    assert path.exit_code == 0
    assert len(lines(path)) >= 1


def test_bundled_data_validates() -> None:
    result = run("validate")
    assert result.exit_code == 0, result.stdout


# -- helpers -------------------------------------------------------------------


def test_plain_cells_have_no_tabs_or_newlines() -> None:
    assert plain("a\tb\nc  d\r\n") == "a b c d"
    assert plain(None) == ""
    assert plain(2017) == "2017"


def test_plugins_available_lists_the_directory_with_install_state(
    plugin_env: dict[str, str], tmp_path: Path
) -> None:
    from llm_roadmap.directory import load_directory

    known = [entry.name for entry in load_directory()]
    proc = _cli(plugin_env, "--json", "plugins", "--available")
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)
    assert [item["name"] for item in listed] == known
    assert all(item["installed_version"] is None for item in listed)
    assert all(item["package"] and item["description"]["zh"] for item in listed)
    # Install one of them (a real dist-info on the path): it shows as installed and loaded.
    site = tmp_path / "site2"
    site.mkdir()
    module = known[0].replace("-", "_") + "_fake"
    hook = (
        "from llm_roadmap import hookimpl\n\n@hookimpl\ndef register_sources(register):\n    pass\n"
    )
    _fake_distribution(site, known[0], "9.9", module, hook)
    env = {**plugin_env, "LLM_ROADMAP_PLUGINS": known[0]}
    env["PYTHONPATH"] = os.pathsep.join([str(site), plugin_env["PYTHONPATH"]])
    listed = json.loads(_cli(env, "--json", "plugins", "--available").stdout)
    first = next(item for item in listed if item["name"] == known[0])
    assert first["installed_version"] == "9.9"
    assert first["status"] == "loaded"
    piped = _cli(plugin_env, "plugins", "--available").stdout.splitlines()
    assert [line.split("\t")[0] for line in piped] == known
    assert piped[0].split("\t")[1] == f"pip install {load_directory()[0].package}"


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _all_commands(command, (*prefix, name))


@pytest.mark.parametrize("path", list(_all_commands(main)), ids=" ".join)
def test_help_texts_render_cleanly(path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    # A raw docstring turns click's \b (keep these lines) marker into a visible "\b".
    assert "\\b" not in result.output
    assert result.output.startswith(f"Usage: main {' '.join(path)} ")  # CliRunner's prog name
