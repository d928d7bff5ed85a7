"""What the CLI tests share: run the CLI in-process with plugins off, split its lines.

Tests that depend on exact contents use small data written into tmp dirs
(``--data``) with installed plugins switched off (``LLM_ROADMAP_PLUGINS=``);
tests of the bundled data only check its structure, since it is still being
curated.
"""

import inspect
from typing import Optional

from click.testing import CliRunner, Result

from llm_roadmap.cli import main

NO_PLUGINS = {
    "LLM_ROADMAP_PLUGINS": "",
    "LLM_ROADMAP_DISABLE_PLUGINS": "",
    "LLM_ROADMAP_STRICT_PLUGINS": "",
}


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
