"""Entry points read without importlib.metadata agree with importlib.metadata's own reading."""

import sys
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from _sites import Site, make_site

from llm_roadmap._plugins import discovery, entry_points


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    yield from make_site(tmp_path, monkeypatch)


# What the scan is compared with: importlib.metadata as Python 3.10+ has it. On 3.9
# it has no EntryPoint.dist and keeps every copy of a distribution, and in a full run
# its answers also depend on what earlier tests imported; the scan (3.10+ behaviour)
# is exercised on 3.9 by the discovery and lazy built-in tests all the same.
_MODERN_METADATA = pytest.mark.skipif(
    sys.version_info < (3, 10), reason="compares with importlib.metadata of Python 3.10+"
)


def by_importlib(group: str) -> list[tuple[str, str, str]]:
    eps = metadata.entry_points(group=group)
    return sorted((ep.name, ep.value, ep.dist.metadata["Name"] if ep.dist else "") for ep in eps)


def by_scan(group: str) -> list[tuple[str, str, str]]:
    found = entry_points.scan(group)
    assert found is not None
    return sorted((ep.name, ep.value, discovery.name_version(ep.dist)[0]) for ep in found)


@_MODERN_METADATA
def test_the_scan_finds_what_importlib_metadata_finds(site: Site, tmp_path: Path) -> None:
    site.add("rm-scan-one", "X = 1\n")
    site.add("rm-scan-two", "X = 2\n", entry_point="second", version="2.5")
    site.add("rm-scan-other-group", "X = 3\n", group="not_llm_roadmap")
    # The same distribution twice on the path: the first one wins, for both readers.
    later = tmp_path / "later"
    later.mkdir()
    info = later / "rm_scan_one-9.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rm-scan-one\nVersion: 9.0\n")
    (info / "entry_points.txt").write_text("[llm_roadmap]\nshadowed = nowhere\n")
    sys.path.append(str(later))
    try:
        assert by_scan("llm_roadmap") == by_importlib("llm_roadmap")
        assert by_scan("not_llm_roadmap") == by_importlib("not_llm_roadmap")
        names = {c.name: c for c in discovery.installed()}
        assert "shadowed" not in names
        assert names["second"].version == "2.5"
        assert names["second"].load().X == 2
    finally:
        sys.path.remove(str(later))


@_MODERN_METADATA
def test_comments_blank_lines_and_attributes_in_entry_points(site: Site) -> None:
    module = site.add("rm-scan-attr", "class Holder:\n    class Inner:\n        X = 7\n")
    info = site.path / f"{module}-1.0.dist-info" / "entry_points.txt"
    info.write_text(
        f"# a comment\n\n[console_scripts]\nx = y:z\n\n[llm_roadmap]\n"
        f"  deep = {module}:Holder.Inner  \n# between\nextras = {module}:Holder [fast]\n"
    )
    assert by_scan("llm_roadmap") == by_importlib("llm_roadmap")
    loaded = {c.name: c.load() for c in discovery.installed()}
    assert loaded["deep"].X == 7
    assert loaded["extras"].Inner.X == 7


def test_a_zip_on_the_path_falls_back_to_importlib_metadata(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.add("rm-scan-zipped-neighbour", "X = 1\n")
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("rm_zipped.py", "X = 5\n")
        zf.writestr(
            "rm_zipped-1.0.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: rm-zipped\nVersion: 1.0\n",
        )
        zf.writestr(
            "rm_zipped-1.0.dist-info/entry_points.txt", "[llm_roadmap]\nzipped = rm_zipped\n"
        )
    monkeypatch.syspath_prepend(str(archive))
    assert entry_points.scan("llm_roadmap") is None
    names = {c.name: c for c in discovery.installed()}
    assert names["zipped"].version == "1.0"
    assert names["zipped"].load().X == 5
    sys.modules.pop("rm_zipped", None)
