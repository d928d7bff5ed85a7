r"""The command line's own words in zh and en: its help, and the words its tables print.

Two tables, kept in ``words.toml`` beside this module (where a translator
edits them), read by everything in `llm_roadmap.cli` that shows them:

* `HELP`: the help of every command and option, keyed by the command's path
  (``"progress export"``) and, for an option, the path and the option's
  longest name (``"path --brief"``). An option every command shares
  (``--lang``, ``--json``, ``--help``) is keyed by its name alone. The command
  classes (`llm_roadmap.cli._group`) take their help from here in the
  language of ``--lang``, ``LLM_ROADMAP_LANG`` or the locale.
* `WORDS`: words of the interface that are not a closed vocabulary of the
  model (those are `llm_roadmap.vocabulary`'s): what ``search`` calls a kind
  of hit and the fields that matched, a plugin's status.

A help text is written as click reads a docstring: paragraphs separated by
an empty line, rewrapped to the window; a paragraph after a line holding only
``\b`` is printed as it is (examples).
"""

from collections.abc import Mapping
from pathlib import Path

import tomli

from ..model import Lang, Text


def _texts(table: Mapping[str, Mapping[str, str]]) -> Mapping[str, Text]:
    return {key: Text(zh=text["zh"], en=text["en"]) for key, text in table.items()}


_TABLES = tomli.loads(Path(__file__).with_name("words.toml").read_text(encoding="utf-8"))

WORDS: Mapping[str, Text] = _texts(_TABLES["words"])
"""Interface words that are not a vocabulary of the model, by their English value."""

HELP: Mapping[str, Text] = _texts(_TABLES["help"])
"""The help of every command and option, by command path (and option name)."""


def interface_word(value: str, lang: Lang) -> str:
    """A word of `WORDS` in ``lang``; a value it does not know, as it is (a plugin's own field)."""
    # A search field may carry its language ("title.zh"): the field is the word.
    found = WORDS.get(value.partition(".")[0])
    return value if found is None else found.get(lang)
