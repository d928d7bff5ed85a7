"""The documentation: references that match the code, and examples that run.

- every hook specification has one ``## <name>`` section in docs/hooks.md, with
  an ``@hookimpl`` example that parses;
- every CLI command has a ``## llm-roadmap <command path>`` section in docs/cli.md;
- every fenced ``python`` block of docs/*.md and the READMEs runs, each in a
  fresh namespace and a fresh working directory (a block opts out only with a
  ``<!-- no-run: reason -->`` line right before it);
- every fenced ``toml`` block parses, and those that start with ``# file: PATH``
  form data files that validate with the roadmap;
- every public name has a ``:::`` directive in the API reference, and every page
  is in the mkdocs nav (``mkdocs build --strict`` in ``nox -s docs`` checks the
  rest: links, anchors, the rendering).

Markdown is read with markdown-it-py, so a heading or a fence is what a
CommonMark renderer sees, not what a regex guesses.
"""

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple, Optional

import click
import pytest
from markdown_it import MarkdownIt

import llm_roadmap
from llm_roadmap import hookspecs
from llm_roadmap.cli import main as cli_main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
READMES = [ROOT / "README.md", ROOT / "README.zh.md"]
NO_RUN = re.compile(r"^<!--\s*no-run\b\s*:?\s*(?P<reason>.*?)\s*-->\s*$", re.DOTALL)
FILE_COMMENT = re.compile(r"^#\s*file:\s*(?P<path>\S+)\s*$")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _markdown_files() -> list[Path]:
    return sorted(DOCS.rglob("*.md")) + [p for p in READMES if p.exists()]


# -- headings -------------------------------------------------------------------


def _h2_titles(path: Path) -> list[str]:
    """The text of every level-2 heading, without code backticks or a ``{#anchor}``."""
    tokens = MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8"))
    titles = []
    for opening, inline in zip(tokens, tokens[1:]):
        if opening.type == "heading_open" and opening.tag == "h2":
            title = re.sub(r"\s*\{[^}]*\}\s*$", "", inline.content)
            titles.append(" ".join(title.replace("`", "").split()))
    return titles


def _hookspec_names() -> list[str]:
    return sorted(
        name
        for name, value in vars(hookspecs).items()
        if callable(value) and getattr(value, "llm_roadmap_spec", None) is not None
    )


def _command_paths(
    group: click.Group, ctx: click.Context, prefix: tuple[str, ...]
) -> Iterator[str]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        # Hidden commands are deliberately undocumented.
        if command is None or command.hidden:
            continue
        path = (*prefix, name)
        yield " ".join(path)
        if isinstance(command, click.Group):
            yield from _command_paths(
                command, click.Context(command, info_name=name, parent=ctx), path
            )


def _cli_commands() -> list[str]:
    ctx = click.Context(cli_main, info_name="llm-roadmap")
    return [f"llm-roadmap {path}" for path in _command_paths(cli_main, ctx, ())]


def test_hookspecs_are_found() -> None:
    # Guards the two tests below: a broken discovery would make them pass vacuously.
    assert {"register_tracks", "register_sources", "register_exporters"} <= set(_hookspec_names())
    commands = _cli_commands()
    assert {"llm-roadmap tracks", "llm-roadmap path", "llm-roadmap validate"} <= set(commands)


def test_every_hook_has_a_section_in_the_hook_reference() -> None:
    page = DOCS / "hooks.md"
    titles = set(_h2_titles(page))
    missing = [name for name in _hookspec_names() if name not in titles]
    assert not missing, (
        f"docs/hooks.md has no '## <name>' section for hook(s): {', '.join(missing)}"
    )
    # A section for a hook that no longer exists misleads plugin authors.
    specs = set(_hookspec_names())
    stale = [t for t in titles if re.fullmatch(r"register_[a-z0-9_]+", t) and t not in specs]
    assert not stale, f"docs/hooks.md documents hook(s) that do not exist: {', '.join(stale)}"
    # Every one-word section is a hook, each documented once...
    text = page.read_text(encoding="utf-8")
    sections = re.findall(r"^## (\w+)\s*$", text, flags=re.MULTILINE)
    assert sorted(sections) == sorted(specs)
    # ...with an example plugin author can copy: an @hookimpl that is valid Python.
    for name in sorted(specs):
        body = text.split(f"## {name}", 1)[1].split("\n## ", 1)[0]
        assert "```python" in body and "@hookimpl" in body, (
            f"docs/hooks.md: {name} needs an example"
        )
        example = body.split("```python", 1)[1].split("```", 1)[0]
        ast.parse(example)  # the example is valid Python


def test_every_cli_command_has_a_section_in_the_cli_reference() -> None:
    page = DOCS / "cli.md"
    titles = _h2_titles(page)
    commands = _cli_commands()
    missing = [c for c in commands if c not in titles]
    assert not missing, f"docs/cli.md has no '## <command>' section for: {', '.join(missing)}"
    stale = [t for t in titles if t.startswith("llm-roadmap ") and t not in commands]
    assert not stale, f"docs/cli.md documents command(s) that do not exist: {', '.join(stale)}"


def _shell_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line number, command) for every command line of the shell blocks of a page."""
    for language, first, code, _ in _fences(path.read_text(encoding="utf-8")):
        if language not in ("console", "sh", "bash", "shell"):
            continue
        lines = code.splitlines()
        # In a block with "$ " prompts, the other lines are output.
        prompted = any(line.startswith("$ ") for line in lines)
        for number, line in enumerate(lines, first):
            if prompted and not line.startswith("$ "):
                continue
            yield number, line[2:] if prompted else line


def _unknown_command(line: str) -> Optional[str]:
    """The ``llm-roadmap ...`` command a shell line runs, when no such command exists."""
    for part in re.split(r"&&|\|\||[|;]", re.sub(r"\s+#\s.*$", "", line)):
        words = part.split()
        while words and "=" in words[0] and not words[0].startswith("-"):
            words.pop(0)  # VAR=value prefixes
        if words[:3] == ["python", "-m", "llm_roadmap"]:
            words = ["llm-roadmap", *words[3:]]
        if not words or words[0] != "llm-roadmap":
            continue
        args = words[1:]
        while args and args[0].startswith("-"):
            args = args[2:] if args[0] in ("--lang", "--data") else args[1:]
        if not args:
            continue
        ctx = click.Context(cli_main, info_name="llm-roadmap")
        command = cli_main.get_command(ctx, args[0])
        if command is None:
            return f"llm-roadmap {args[0]}"
        if isinstance(command, click.Group) and len(args) > 1 and not args[1].startswith("-"):
            sub_ctx = click.Context(command, info_name=args[0], parent=ctx)
            if command.get_command(sub_ctx, args[1]) is None:
                return f"llm-roadmap {args[0]} {args[1]}"
    return None


def test_shell_examples_name_real_commands() -> None:
    wrong = [
        f"{_rel(path)}:{number}: {unknown}"
        for path in _markdown_files()
        for number, line in _shell_lines(path)
        for unknown in [_unknown_command(line)]
        if unknown
    ]
    assert not wrong, "shell examples run commands that do not exist:\n" + "\n".join(wrong)


# -- code blocks ----------------------------------------------------------------


class Block(NamedTuple):
    """A fenced code block: where it is, its code, and why it does not run (if it does not)."""

    file: Path
    line: int  # 1-based line of the first line of code
    code: str
    no_run: Optional[str]  # None: runs; "": opted out without a reason

    @property
    def where(self) -> str:
        return f"{_rel(self.file)}:{self.line}"


def _fences(text: str, offset: int = 0) -> Iterator[tuple[str, int, str, Optional[str]]]:
    """Yield (language, first code line, code, no-run reason) for every fence, nested ones too."""
    tokens = MarkdownIt("commonmark").parse(text)
    previous = None
    for token in tokens:
        if token.type == "fence" and token.map is not None:
            no_run = None
            if previous is not None and previous.type == "html_block":
                match = NO_RUN.match(previous.content.strip())
                if match:
                    no_run = match.group("reason")
            language = token.info.split()[0].lower() if token.info.strip() else ""
            yield language, offset + token.map[0] + 2, token.content, no_run
        elif token.type == "code_block" and token.map is not None and "```" in token.content:
            # A fence indented under an admonition or a content tab (pymdownx):
            # CommonMark sees an indented code block, mkdocs renders a fence.
            yield from _fences(token.content, offset + token.map[0])
        if token.type not in ("text", "softbreak"):
            previous = token


def _blocks(*languages: str) -> list[Block]:
    return [
        Block(path, line, code, no_run)
        for path in _markdown_files()
        for language, line, code, no_run in _fences(path.read_text(encoding="utf-8"))
        if language in languages
    ]


PYTHON_BLOCKS = _blocks("python", "py")


def test_examples_are_found() -> None:
    # The README's example must be among them, or the extraction is broken.
    assert any(b.file.name == "README.md" for b in PYTHON_BLOCKS)


def test_every_opt_out_says_why() -> None:
    bare = [b.where for b in PYTHON_BLOCKS if b.no_run == ""]
    assert not bare, (
        f"'<!-- no-run -->' without a reason ('<!-- no-run: why -->') at: {', '.join(bare)}"
    )


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=[b.where for b in PYTHON_BLOCKS])
def test_python_example_runs(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if block.no_run:
        pytest.skip(f"{block.where}: {block.no_run}")
    # Examples may write files (exports, data): they do so in a directory of their own.
    monkeypatch.chdir(tmp_path)
    # Padding puts tracebacks on the Markdown file's own line numbers.
    source = "\n" * (block.line - 1) + block.code
    namespace = {"__name__": "__docs_example__"}
    exec(compile(source, str(block.file), "exec"), namespace)


TOML_BLOCKS = _blocks("toml")


@pytest.mark.parametrize("block", TOML_BLOCKS, ids=[b.where for b in TOML_BLOCKS])
def test_toml_example_parses(block: Block) -> None:
    if block.no_run:
        pytest.skip(f"{block.where}: {block.no_run}")
    try:
        tomllib.loads(block.code)
    except tomllib.TOMLDecodeError as exc:
        pytest.fail(f"{block.where}: invalid TOML: {exc}")


DATA_PAGES = sorted(
    {b.file for b in TOML_BLOCKS if FILE_COMMENT.match(b.code.split("\n", 1)[0])}, key=str
)


@pytest.mark.parametrize("page", DATA_PAGES, ids=[_rel(p) for p in DATA_PAGES])
def test_toml_data_files_in_a_page_validate(page: Path, tmp_path: Path) -> None:
    # Blocks headed "# file: PATH" are whole data files: together they must
    # load with the bundled roadmap, exactly as a curator would use them.
    written = []
    for block in TOML_BLOCKS:
        match = FILE_COMMENT.match(block.code.split("\n", 1)[0])
        if block.file == page and match and not block.no_run:
            target = tmp_path / match.group("path")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.code, encoding="utf-8")
            written.append(target)
    problems = llm_roadmap.validate_paths(written)
    assert not problems, "\n".join(str(p) for p in problems)


# -- the site -------------------------------------------------------------------


# Subpackages that are built-in plugins or the CLI: documented by their own
# pages (exporters.md, sources.md, cli.md), not by the API reference.
_NOT_IN_REFERENCE = {"cli", "exporters", "sources", "bundled"}


def _public_modules() -> list[str]:
    package = Path(llm_roadmap.__file__).parent
    # Modules and packages alike (llm_roadmap.http is a package of small modules).
    candidates = [*package.glob("*.py"), *(p.parent for p in package.glob("*/__init__.py"))]
    return sorted(
        path.stem
        for path in candidates
        if not path.stem.startswith("_") and path.stem not in _NOT_IN_REFERENCE
    )


def test_every_public_name_is_in_the_api_reference() -> None:
    import importlib

    pages = sorted((DOCS / "reference").glob("*.md"))
    if (DOCS / "reference.md").exists():
        pages.append(DOCS / "reference.md")
    assert pages, "docs/reference/ holds no page"
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    documented = set(re.findall(r"^:::\s*(\S+)\s*$", text, flags=re.MULTILINE))
    missing = [
        f"llm_roadmap.{name}"
        for name in llm_roadmap.__all__
        if name != "__version__" and f"llm_roadmap.{name}" not in documented
    ]
    # Every name a public module exports is documented: re-exported from the
    # package, by its module path, or with its whole module.
    for module_name in _public_modules():
        module = importlib.import_module(f"llm_roadmap.{module_name}")
        if f"llm_roadmap.{module_name}" in documented:
            continue
        for name in getattr(module, "__all__", ()):
            paths = {f"llm_roadmap.{module_name}.{name}"}
            if name in llm_roadmap.__all__:
                paths.add(f"llm_roadmap.{name}")
            if not paths & documented:
                missing.append(f"llm_roadmap.{module_name}.{name}")
    assert not missing, "no '::: <name>' directive in docs/reference for:\n" + "\n".join(
        sorted(set(missing))
    )


def _nav_pages() -> tuple[list[str], list[str]]:
    # mkdocs.yml uses !!python/name tags that yaml.safe_load refuses; the nav
    # and not_in_nav only need their .md names.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav_part = config.split("\nnav:", 1)[1]
    nav_part = re.split(r"\n(?=\S)", nav_part, maxsplit=1)[0]
    nav = re.findall(r"([\w./-]+\.md)\s*$", nav_part, flags=re.MULTILINE)
    not_in_nav: list[str] = []
    match = re.search(r"^not_in_nav:\s*\|\n((?:[ \t]+.*\n?)*)", config, flags=re.MULTILINE)
    if match:
        not_in_nav = [
            line.strip().lstrip("/") for line in match.group(1).splitlines() if line.strip()
        ]
    return nav, not_in_nav


def test_every_page_is_in_the_nav_and_every_nav_entry_exists() -> None:
    nav, not_in_nav = _nav_pages()
    assert "index.md" in nav
    absent = [page for page in nav if not (DOCS / page).is_file()]
    assert not absent, f"mkdocs.yml's nav names page(s) that do not exist: {', '.join(absent)}"
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    # mkdocs-static-i18n (suffix structure): page.zh.md is the Chinese edition
    # of page.md, which the nav names; the nav never names it itself.
    translations = {page for page in pages if page.endswith(".zh.md")}
    listed = sorted(translations & set(nav))
    assert not listed, f"mkdocs.yml's nav names translations instead of pages: {', '.join(listed)}"
    lonely = sorted(t for t in translations if t[: -len(".zh.md")] + ".md" not in pages)
    assert not lonely, f"translation(s) without an English page: {', '.join(lonely)}"
    orphans = sorted(pages - translations - set(nav) - set(not_in_nav))
    assert not orphans, f"page(s) missing from mkdocs.yml's nav: {', '.join(orphans)}"


def _commands(path: Path) -> set[str]:
    commands = set()
    for language, _, code, _ in _fences(path.read_text(encoding="utf-8")):
        if language in ("console", "sh", "bash", "shell"):
            for line in code.splitlines():
                command = re.sub(r"\s+#\s.*$", "", line).strip()
                if command:
                    commands.add(" ".join(command.split()))
    return commands


def test_the_chinese_readme_mirrors_the_english_one() -> None:
    english, chinese = READMES
    assert chinese.exists(), "README.zh.md is missing"
    assert _commands(chinese) == _commands(english), (
        "README.zh.md and README.md show different commands"
    )
    zh_text = chinese.read_text(encoding="utf-8")
    assert 'pip install "nox[uv]" && nox' in zh_text
    python = [code for language, _, code, _ in _fences(zh_text) if language == "python"]
    assert python, "README.zh.md has no Python example"
