"""The cache of loaded data: a hit gives the same Roadmap, any change of data or plugins misses,
and a damaged cache file is moved aside and rebuilt."""

import json
import os
import pickle
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

import llm_roadmap
from llm_roadmap import _load_cache, bundled
from llm_roadmap._serialize import to_data


def snapshot(rm: llm_roadmap.Roadmap) -> str:
    """Everything a Roadmap holds, provenance and plugin records included (eq skips some)."""
    return json.dumps(
        {
            "tracks": to_data(rm.tracks),
            "resources": to_data(rm.resources),
            "plugins": to_data(rm.plugins),
            "exporters": sorted(rm.exporters),
            "sources": sorted(rm.sources),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def cache_file(own_directories: dict[str, Path]) -> Path:
    return own_directories["cache"] / _load_cache.CACHE_FILE


def stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled data as real files in a folder of the test's own, registered by the built-in."""
    copy = tmp_path / "bundled-data"
    shutil.copytree(Path(str(bundled.data_root())), copy)
    monkeypatch.setattr(bundled, "data_root", lambda: copy)
    return copy


def uncached(**kwargs: Any) -> llm_roadmap.Roadmap:
    """A load on an empty cache directory of its own: everything is read, for comparison."""
    import tempfile

    with tempfile.TemporaryDirectory() as fresh:
        env = {**os.environ, **kwargs.pop("environ", {}), "LLM_ROADMAP_CACHE_DIR": fresh}
        return llm_roadmap.load(**kwargs, environ=env)


def test_a_second_load_is_answered_from_the_cache_with_the_same_roadmap(
    own_directories: dict[str, Path],
) -> None:
    first = llm_roadmap.load()
    path = cache_file(own_directories)
    assert path.is_file()
    before = stamp(path)
    second = llm_roadmap.load()
    assert stamp(path) == before  # read, not rewritten
    assert snapshot(second) == snapshot(first)
    assert second == first
    assert second.export("json") == first.export("json")


def test_the_cache_honours_the_environment_given_to_load(tmp_path: Path) -> None:
    env = {
        "LLM_ROADMAP_CACHE_DIR": str(tmp_path / "elsewhere"),
        "LLM_ROADMAP_DATA_DIR": str(tmp_path),
    }
    llm_roadmap.load(environ=env)
    assert (tmp_path / "elsewhere" / _load_cache.CACHE_FILE).is_file()


def test_changing_a_data_file_invalidates_the_cache(
    own_directories: dict[str, Path], data_copy: Path
) -> None:
    original = llm_roadmap.load()
    path = cache_file(own_directories)
    before = stamp(path)
    papers = data_copy / "resources" / "papers.toml"
    text = papers.read_text(encoding="utf-8")
    old = 'title = "Efficient Estimation of Word Representations in Vector Space"'
    assert old in text
    papers.write_text(text.replace(old, 'title = "A Title Changed On Disk"'), encoding="utf-8")

    changed = llm_roadmap.load()
    assert changed.resource("word2vec-efficient-estimation").title.en == "A Title Changed On Disk"
    assert stamp(path) != before  # rewritten for the new content
    assert snapshot(changed) == snapshot(uncached())
    assert snapshot(changed) != snapshot(original)
    assert snapshot(llm_roadmap.load()) == snapshot(changed)  # and now a hit again


def test_a_new_data_file_and_a_removed_one_invalidate_the_cache(data_copy: Path) -> None:
    llm_roadmap.load()
    extra = data_copy / "resources" / "zz-extra.toml"
    extra.write_text(
        '[[resources]]\nid = "cache-test-extra"\ntitle = "Extra"\n'
        'url = "https://example.org/extra"\nkind = "article"\nlanguage = "en"\n'
        'description = { zh = "多出来的资源。", en = "An extra resource." }\n',
        encoding="utf-8",
    )
    assert llm_roadmap.load().resource("cache-test-extra").title.en == "Extra"
    extra.unlink()
    with pytest.raises(LookupError):
        llm_roadmap.load().resource("cache-test-extra")


def test_invalid_data_is_never_cached(own_directories: dict[str, Path], data_copy: Path) -> None:
    papers = data_copy / "resources" / "papers.toml"
    papers.write_text(papers.read_text(encoding="utf-8") + '\n[[resources]]\nid = "Bad Id"\n')
    with pytest.raises(llm_roadmap.DataError):
        llm_roadmap.load()
    assert not cache_file(own_directories).exists()
    with pytest.raises(llm_roadmap.DataError):
        llm_roadmap.load()  # the second load reports it again


def test_changing_the_plugin_set_invalidates_the_cache(own_directories: dict[str, Path]) -> None:
    full = llm_roadmap.load()
    without = llm_roadmap.load(disable_plugins=["llm_roadmap.exporters.csv"])
    assert "csv" in full.exporters and "csv" not in without.exporters
    statuses = {p.name: p.status for p in without.plugins}
    assert statuses["llm_roadmap.exporters.csv"] is llm_roadmap.PluginStatus.DISABLED
    assert snapshot(without) == snapshot(uncached(disable_plugins=["llm_roadmap.exporters.csv"]))
    again = llm_roadmap.load()
    assert snapshot(again) == snapshot(full)

    no_data = llm_roadmap.load(disable_plugins=["llm_roadmap.bundled"])
    assert no_data.resources == () and no_data.tracks == ()
    assert snapshot(llm_roadmap.load()) == snapshot(full)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a cache at all",
        "truncated",
        "flipped",
        "foreign-class",
    ],
)
def test_a_damaged_cache_is_moved_aside_and_rebuilt(
    own_directories: dict[str, Path], damage: Any
) -> None:
    expected = snapshot(uncached())
    llm_roadmap.load()
    path = cache_file(own_directories)
    blob = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped":
        path.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:])
    elif damage == "foreign-class":
        # A well-formed file (right key, right checksum) whose pickle calls a function.
        marker = own_directories["cache"] / "ran"
        payload = pickle.dumps(_Evil(str(marker)), protocol=4)
        key = blob.split(b"\n")[1]
        digest = _load_cache.checksum(payload).encode()
        path.write_bytes(_load_cache._MAGIC + key + b"\n" + digest + b"\n\n" + payload)
    else:
        path.write_bytes(damage)

    with pytest.warns(RuntimeWarning, match="moved it to"):
        rebuilt = llm_roadmap.load()
    assert snapshot(rebuilt) == expected
    aside = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1
    if damage == "foreign-class":
        assert not (own_directories["cache"] / "ran").exists()
    # Rebuilt: the next load is a plain hit, without a warning.
    before = stamp(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert snapshot(llm_roadmap.load()) == expected
    assert stamp(path) == before


@pytest.mark.parametrize("layout", [b"1", b"3", b"99"])
def test_a_cache_of_another_releases_layout_is_replaced_without_a_warning(
    own_directories: dict[str, Path], layout: bytes
) -> None:
    expected = snapshot(uncached())
    llm_roadmap.load()
    path = cache_file(own_directories)
    # What an older or newer llm-roadmap would leave: its own magic line, its own pickle.
    path.write_bytes(b"llm-roadmap loaded data " + layout + b"\nkey\ndigest\n\n" + b"\x80\x05junk")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        replaced = llm_roadmap.load()
    assert snapshot(replaced) == expected
    assert not [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert path.read_bytes().startswith(_load_cache._MAGIC)  # rewritten in this layout
    before = stamp(path)
    assert snapshot(llm_roadmap.load()) == expected
    assert stamp(path) == before  # and then read, not rewritten


class _Evil:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> Any:
        return (os.mkdir, (self.marker,))


def test_an_unwritable_cache_directory_costs_only_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    env = {"LLM_ROADMAP_CACHE_DIR": str(blocker), "LLM_ROADMAP_DATA_DIR": str(tmp_path)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rm = llm_roadmap.load(environ=env)
    assert snapshot(rm) == snapshot(uncached())


def test_paths_are_never_cached(own_directories: dict[str, Path], tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[[resources]]\nid = "mine-1"\ntitle = "Mine"\nurl = "https://example.org/mine"\n'
        'kind = "article"\nlanguage = "en"\n'
        'description = { zh = "我的。", en = "Mine." }\n',
        encoding="utf-8",
    )
    llm_roadmap.load(paths=[extra])
    assert not cache_file(own_directories).exists()
    extra.write_text(extra.read_text().replace('"Mine"', '"Mine, changed"'))
    assert llm_roadmap.load(paths=[extra]).resource("mine-1").title.en == "Mine, changed"


def test_warnings_about_one_resource_under_two_ids_come_from_the_cache_too(
    own_directories: dict[str, Path], data_copy: Path
) -> None:
    (data_copy / "resources" / "zz-copy.toml").write_text(
        '[[resources]]\nid = "attention-copy"\ntitle = "Attention Is All You Need"\n'
        'url = "https://arxiv.org/abs/1706.03762"\nkind = "paper"\nlanguage = "en"\n'
        'identifiers = { arxiv = "1706.03762" }\n'
        'description = { zh = "同一篇论文。", en = "The same paper." }\n',
        encoding="utf-8",
    )
    with pytest.warns(llm_roadmap.IdentityWarning, match="attention-copy") as first:
        llm_roadmap.load()
    before = stamp(cache_file(own_directories))
    with pytest.warns(llm_roadmap.IdentityWarning, match="attention-copy") as second:
        llm_roadmap.load()
    assert stamp(cache_file(own_directories)) == before
    assert [str(w.message) for w in first] == [str(w.message) for w in second]


def test_installing_and_removing_a_plugin_invalidates_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A distribution as pip leaves it (module, *.dist-info with METADATA and
    # entry_points.txt) on sys.path: found by the same discovery as any install.
    from _sites import make_site

    sites = make_site(tmp_path, monkeypatch)
    site = next(sites)
    base = snapshot(llm_roadmap.load())
    data = site.path / "cachetest_data"
    data.mkdir()
    track = data / "track.toml"
    track.write_text(
        '[[tracks]]\nid = "cache-test-track"\norder = 900\n'
        'title = { zh = "缓存测试", en = "Cache test" }\n'
        'summary = { zh = "测试用。", en = "For the test." }\n'
        '[[tracks.topics]]\nid = "cache-test-topic"\n'
        'title = { zh = "主题", en = "Topic" }\n'
        'summary = { zh = "一个主题。", en = "One topic." }\n'
        '[[tracks.topics.resources]]\nresource = "attention-is-all-you-need"\n',
        encoding="utf-8",
    )
    module = site.add(
        "rm-cache-test",
        f"""
        from llm_roadmap import hookimpl

        @hookimpl
        def register_tracks(register):
            register({str(data)!r})
        """,
    )
    with_plugin = llm_roadmap.load()
    assert with_plugin.track("cache-test-track").title.en == "Cache test"
    assert "rm-cache-test" in {p.distribution for p in with_plugin.plugins}
    assert snapshot(llm_roadmap.load()) == snapshot(with_plugin)

    track.write_text(track.read_text(encoding="utf-8").replace("Cache test", "Changed"))
    assert llm_roadmap.load().track("cache-test-track").title.en == "Changed"

    shutil.rmtree(site.path / f"{module}-1.0.dist-info")
    assert snapshot(llm_roadmap.load()) == base
    with pytest.raises(StopIteration):
        next(sites)
