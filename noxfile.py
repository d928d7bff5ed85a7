"""Every check of the project: `nox` runs the default sessions, as CI does."""

import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]
NEWEST = PYTHONS[-1]
# The test dependencies are the project's `test` extra (pyproject.toml), so that a
# contributor's `pip install -e ".[net,calendar,test]"` and nox install the same.
TEST_INSTALL = ("-e", ".[net,calendar,test]")
UNIT = "not slow and not browser and not terminal"
END_TO_END = "slow or browser or terminal"

nox.options.default_venv_backend = "uv|virtualenv"
# Locally nox reuses its virtual environments (installs into them are quick no-ops,
# and the sessions that run the tests install the project editable, so they always
# test the checkout); CI (which sets CI) builds them fresh.
nox.options.reuse_existing_virtualenvs = not os.environ.get("CI")
nox.options.sessions = ["tests", "e2e", "plugins", "lint", "typecheck", "docs"]


def _expose_pyenv_interpreters() -> None:
    # pyenv's shims only resolve the selected versions; put every installed
    # 3.x interpreter on PATH so nox finds python3.9 ... python3.13 directly.
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    extra = []
    for version in PYTHONS:
        if shutil.which(f"python{version}") and not _is_shim(f"python{version}"):
            continue
        matches = sorted((root / "versions").glob(f"{version}.*/bin"))
        if matches:
            extra.append(str(matches[-1]))
    if extra:
        os.environ["PATH"] = os.pathsep.join([*extra, os.environ.get("PATH", "")])


def _is_shim(command: str) -> bool:
    found = shutil.which(command)
    return found is not None and "shims" in found


_expose_pyenv_interpreters()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The unit tests on every supported Python, in parallel."""
    session.install(*TEST_INSTALL)
    session.run("pytest", "-m", UNIT, *session.posargs)


@nox.session(python=NEWEST)
def e2e(session: nox.Session) -> None:
    """What needs real parts, on one Python: browsers, pseudo-terminals, fresh venvs and wheels."""
    session.install(*TEST_INSTALL)
    # tests/docs is the docs session's: it tests the site that session builds.
    session.run("pytest", "-m", END_TO_END, "--ignore=tests/docs", *session.posargs)


@nox.session(python=NEWEST)
def plugins(session: nox.Session) -> None:
    """Build each first-party plugin, install it with the core, and run its tests."""
    session.install("-e", ".", "pytest>=8", "pytest-xdist>=3.5", "build>=1.0")
    for plugin in sorted((ROOT / "plugins").glob("*/pyproject.toml")):
        directory = plugin.parent
        session.log(f"plugin: {directory.name}")
        dist = session.create_tmp()
        session.run(
            "python", "-m", "build", "--wheel", "--outdir", dist, str(directory), silent=True
        )
        wheels = sorted(Path(dist).glob("*.whl"))
        session.install(*(str(w) for w in wheels))
        tests_dir = directory / "tests"
        if tests_dir.is_dir():
            session.run(
                "pytest", str(tests_dir), "-p", "no:cacheprovider", "--rootdir", str(directory)
            )


@nox.session(python=NEWEST)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    # Pinned: a new ruff brings new rules and formatting, which must not turn CI red on its own.
    session.install("ruff==0.17.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=NEWEST)
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the package."""
    session.install("-e", ".[net]", "mypy==2.4.1", "types-requests", "pytest>=8", "tomli>=1.1")
    session.run("mypy", "--strict", "llm_roadmap")


@nox.session(python=NEWEST)
def docs(session: nox.Session) -> None:
    """Build the documentation site (English and Chinese) with mkdocs --strict, then test it."""
    session.install(
        "-e",
        ".[net]",
        "mkdocs==1.6.1",
        "mkdocs-material==9.8.2",
        "mkdocstrings[python]==1.0.8",
        "mkdocs-static-i18n==1.3.1",
        # The search plugin cuts Chinese into words with it at build time.
        "jieba==0.42.1",
        # mkdocstrings formats signatures with ruff (or black); without it they are clipped.
        "ruff==0.17.6",
        # tests/docs: the built site in a real browser (Debian's chromium, not a download).
        "pytest>=8",
        "pytest-xdist>=3.5",
        "playwright>=1.45",
    )
    site = Path(session.create_tmp()) / "site"
    # One build makes both languages (mkdocs-static-i18n): / and /zh/.
    session.run(
        "mkdocs", "build", "--strict", "--site-dir", str(site), env={"NO_MKDOCS_2_WARNING": "1"}
    )
    session.run(
        "pytest",
        "tests/docs",
        "-m",
        "",  # every test of tests/docs, the site's included
        "-p",
        "no:cacheprovider",
        env={"LLM_ROADMAP_SITE": str(site)},
    )


@nox.session(python=NEWEST)
def build(session: nox.Session) -> None:
    """Release builds: sdist and wheel of the core and of every first-party plugin, twine-checked.

    Everything lands in dist/ (emptied first); docs/release.md says how to
    publish it. Not part of the default run.
    """
    session.install("build[uv]>=1.2", "twine>=6.1")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    projects = [ROOT, *sorted(p.parent for p in (ROOT / "plugins").glob("*/pyproject.toml"))]
    for project in projects:
        session.log(f"building {project.name}")
        # The sdist is built first and the wheel from it, so a file missing from
        # the sdist breaks the wheel here rather than for a user.
        session.run(
            "python", "-m", "build", "--installer", "uv", "--outdir", str(dist), str(project)
        )
    built = sorted(str(p) for p in dist.iterdir())
    if len(built) != 2 * len(projects):
        session.error(f"expected a wheel and an sdist per project, got: {built}")
    session.run("twine", "check", "--strict", *built)


@nox.session(python=NEWEST)
def fuzz(session: nox.Session) -> None:
    """The long fuzz run (thousands of cases per entry point); not part of CI.

    CI runs the same properties with a bounded profile. ``LLM_ROADMAP_FUZZ_EXAMPLES=N``
    sets the number of cases per property (docs/reliability.md gives the figures).
    """
    session.install(*TEST_INSTALL)
    session.run(
        "pytest",
        "tests/fuzz",
        "--hypothesis-show-statistics",
        *session.posargs,
        env={"LLM_ROADMAP_FUZZ": "long"},
    )


# Fresh every time: the start-up rows measure the package as pip installs it.
@nox.session(python=NEWEST, reuse_venv=False)
def bench(session: nox.Session) -> None:
    """Benchmarks as ratios against baselines measured in the same run (not part of CI)."""
    # datasette and llm: the CLI start-up rows compare with their `--version`.
    # Bytecode compiled at install, as pip does for a user: uv does not by
    # default, and where PYTHONDONTWRITEBYTECODE is set every fresh process of
    # the start-up rows would compile every module from source (ours and the
    # baselines' alike, but not in proportion).
    session.install(
        ".[net]", "markdown-it-py>=3", "datasette", "llm", env={"UV_COMPILE_BYTECODE": "1"}
    )
    for script in sorted((ROOT / "bench").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs)
