"""A click test runner that keeps standard error apart, on every click the tests run with."""

import inspect

from click.testing import CliRunner


def cli_runner() -> CliRunner:
    """A `CliRunner` whose results have ``stdout`` and ``stderr`` apart.

    click < 8.2 (the last release for Python 3.9) mixes stderr into stdout
    unless told not to; 8.2 keeps them apart and no longer takes the argument.
    """
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()
