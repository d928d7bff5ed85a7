"""What the CLI tests share: run the CLI in-process with plugins off, split its lines.

Tests that depend on exact contents use small data written into tmp dirs
(``--data``) with installed plugins switched off (``LLM_ROADMAP_PLUGINS=``);
tests of the bundled data only check its structure, since it is still being
curated.
"""

from typing import Optional

from _cli_runner import cli_runner
from click.testing import Result

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
    return cli_runner().invoke(main, list(args), env=full_env, catch_exceptions=False)


def lines(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line]
