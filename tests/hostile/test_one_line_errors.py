"""Failures of the system as one line and a non-zero exit, never a traceback, never a silent 0.

Full disks (``/dev/full``, or a file-size limit, which fails writes as a full
disk does), closed outputs, directories in the way, file names that are not
UTF-8, an output encoding that cannot hold Chinese. Every command runs in a
subprocess with the standard streams the shell would give it.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _hostile_data import write_tiny
from _targets import device, needs_posix, run_limited, unwritable_directory

import llm_roadmap
from llm_roadmap import Progress
from llm_roadmap.util.output import OutputError

pytestmark = needs_posix

ALONE = {"LLM_ROADMAP_PLUGINS": "", "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled"}
LIST = "# A list\n\n## Basics\n\n- [A guide](https://example.com/guide) - a guide\n"


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "llm_roadmap", *args]


def environ(**more: str) -> dict[str, str]:
    return {**os.environ, **ALONE, "LANG": "en_US.UTF-8", **more}


def run(
    *args: str, stdout: Any = subprocess.PIPE, **kwargs: Any
) -> "subprocess.CompletedProcess[str]":
    kwargs.setdefault("env", environ())
    return subprocess.run(
        command(*args), stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120, **kwargs
    )


def one_line(done: "subprocess.CompletedProcess[str]", expected: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [f"Error: {expected}"], done.stderr


@pytest.fixture
def tiny(tmp_path: Path) -> list[str]:
    return ["--data", str(write_tiny(tmp_path / "tiny"))]


# -- standard output full or closed -------------------------------------------------


@pytest.mark.parametrize("args", [("export", "-f", "csv"), ("tracks",), ("--json", "tracks")])
def test_a_full_standard_output(tmp_path: Path, tiny: list[str], args: tuple[str, ...]) -> None:
    with device(tmp_path, "full").open("wb") as full:  # what `> /dev/full` gives
        done = run(*tiny, *args, stdout=full)
    if "--json" in args:
        assert done.returncode == 1
        assert (
            json.loads(done.stderr)["error"] == "cannot write the output: No space left on device"
        )
    else:
        one_line(done, "cannot write the output: No space left on device")


def closed_stdout() -> None:
    os.close(1)  # what `>&-` gives


@pytest.mark.parametrize("args", [("export", "-f", "csv"), ("tracks",), ("show", "tiny")])
def test_a_closed_standard_output_is_a_failure(tiny: list[str], args: tuple[str, ...]) -> None:
    done = subprocess.run(
        command(*tiny, *args),
        stderr=subprocess.PIPE,
        text=True,
        env=environ(),
        preexec_fn=closed_stdout,
        timeout=120,
    )
    one_line(done, "cannot write the output: standard output is closed")


def test_dev_stdout_when_standard_output_is_closed(tiny: list[str]) -> None:
    # The descriptor's number may stand for another file by then: nothing is written to it.
    done = subprocess.run(
        command(*tiny, "export", "-f", "csv", "-o", "/dev/stdout"),
        stderr=subprocess.PIPE,
        text=True,
        env=environ(),
        preexec_fn=closed_stdout,
        timeout=120,
    )
    one_line(done, "cannot write /dev/stdout: standard output is closed")


def test_a_command_that_prints_nothing_needs_no_standard_output(
    tmp_path: Path, tiny: list[str]
) -> None:
    done = subprocess.run(
        command(*tiny, "export", "-f", "csv", "-o", str(tmp_path / "out.csv")),
        stderr=subprocess.PIPE,
        text=True,
        env=environ(),
        preexec_fn=closed_stdout,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("track_id")


# -- files that cannot be written ---------------------------------------------------


def test_progress_export_into_an_unwritable_directory(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    Progress(resources={}).save(data / "progress.json")
    with unwritable_directory(tmp_path / "locked") as locked:
        target = locked / "progress.json"
        done = run(
            "progress", "export", "-o", str(target), env=environ(LLM_ROADMAP_DATA_DIR=str(data))
        )
        assert done.returncode == 1
        line = done.stderr.splitlines()
        assert len(line) == 1 and line[0].startswith(
            f"Error: cannot write the progress export {target}: "
        )
        assert list(locked.iterdir()) == []


def test_import_onto_a_full_disk_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    out = tmp_path / "out"
    done = run_limited(
        command("import", str(source), "--track-id", "mine", "-o", str(out)),
        file_size=64,  # smaller than either file: as a full disk, every write fails
        env=environ(),
    )
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert (
        len(lines) == 1
        and lines[0].startswith("Error: cannot write ")
        and "File too large" in lines[0]
    )
    assert not [p for p in out.rglob("*") if p.is_file()]


def test_import_force_onto_a_directory_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    out = tmp_path / "out"
    (out / "resources" / "mine.toml").mkdir(parents=True)
    done = run("import", str(source), "--track-id", "mine", "-o", str(out), "--force")
    one_line(
        done, f"cannot write {out / 'resources' / 'mine.toml'}: it is a directory; give a file name"
    )
    assert not (out / "tracks" / "mine.toml").exists()


def test_an_import_beside_another_track_holding_the_same_resource(tmp_path: Path) -> None:
    first, second = tmp_path / "one.md", tmp_path / "two.md"
    first.write_text(LIST, encoding="utf-8")
    second.write_text("# Two\n\n## Start\n\n- [The guide](https://example.com/guide)\n")
    out = tmp_path / "out"
    assert run("import", str(first), "--track-id", "one", "-o", str(out)).returncode == 0
    refused = run("import", str(second), "--track-id", "two", "-o", str(out))
    assert refused.returncode == 1
    assert "same resource as 'one-a-guide'" in refused.stderr
    assert f"import with --data {out}" in refused.stderr
    assert not (out / "tracks" / "two.toml").exists()
    # As the message says: the existing resource is placed, and the directory validates.
    placed = run("--data", str(out), "import", str(second), "--track-id", "two", "-o", str(out))
    assert placed.returncode == 0, placed.stderr
    assert not (out / "resources" / "two.toml").exists()
    assert run("validate", str(out)).returncode == 0


# -- names and encodings ------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "darwin", reason="APFS refuses file names that are not UTF-8")
def test_a_data_path_that_is_not_utf8(tmp_path: Path) -> None:
    folder = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/d\xff"))
    write_tiny(folder)
    exported = run("--data", str(folder), "export", "-f", "json")
    assert exported.returncode == 0, exported.stderr
    files = {t["provenance"]["file"] for t in json.loads(exported.stdout)["tracks"]}
    assert files == {f"{tmp_path}/d\\xff/tracks/tiny.toml"}
    db = tmp_path / "roadmap.db"
    assert run("--data", str(folder), "export", "-f", "sqlite", "-o", str(db)).returncode == 0
    listing = run("--data", str(folder), "--json", "resources")
    assert listing.returncode == 0, listing.stderr


def test_an_output_encoding_without_chinese(tiny: list[str]) -> None:
    done = run(*tiny, "--lang", "zh", "tracks", env=environ(PYTHONIOENCODING="latin-1"))
    assert done.returncode == 0
    assert done.stdout.split("\t")[:3] == ["1", "tiny", "???"]  # 小路线
    (warning,) = done.stderr.splitlines()
    assert warning.startswith("Warning: the output's encoding (latin-1) cannot hold ")
    assert warning.endswith("set PYTHONIOENCODING=utf-8, to see them.")


# -- the library says the same -------------------------------------------------------


def test_an_export_to_a_full_stream_is_the_systems_error(tmp_path: Path, tiny: list[str]) -> None:
    rm = llm_roadmap.load([tiny[1]], plugins=[], disable_plugins=["llm_roadmap.bundled"])
    full = device(tmp_path, "full")
    with full.open("wb", buffering=0) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
        with pytest.raises(OutputError, match="No space left on device") as caught:
            rm.export("csv", stream)
        stream.detach()
    assert str(caught.value) == f"cannot write {full}: No space left on device"


def test_an_exporters_own_os_error_keeps_its_file(tmp_path: Path, tiny: list[str]) -> None:
    from llm_roadmap import Exporter, ExportError, Text

    def reads_a_template(roadmap: Any, out: Any, options: Any) -> None:
        (tmp_path / "missing-template.txt").read_text()

    exporter: Exporter[Any] = Exporter(
        id="templated",
        title=Text.same("T"),
        suffix=".txt",
        media_type="text/plain",
        write=reads_a_template,
    )
    rm = llm_roadmap.load([tiny[1]], plugins=[], disable_plugins=["llm_roadmap.bundled"])
    with pytest.raises(
        ExportError, match=r"exporter 'templated': .*missing-template\.txt: No such file"
    ):
        exporter.export(rm, tmp_path / "out.txt", llm_roadmap.ExportOptions())
    assert not (tmp_path / "out.txt").exists()
