"""Which plugins a load uses: ``load()`` arguments, else the ``LLM_ROADMAP_*`` variables."""

from collections.abc import Iterable, Mapping
from typing import NamedTuple, Optional

from ..util.env import is_truthy
from ..util.ids import canonical_name
from .discovery import Candidate

__all__ = ["Selection"]


class Selection(NamedTuple):
    """Which plugins a load uses, and how strictly.

    ``allow`` lists the distributions (or plugin names) of installed plugins to
    load; ``None`` means all, an empty set means none. Built-ins are never
    filtered by ``allow``. ``block`` lists names of plugins or distributions
    never to load, built-ins included; ``block`` wins over ``allow``. Each of
    the three is taken from the `llm_roadmap.load` argument when one is given,
    else from its ``LLM_ROADMAP_*`` variable: arguments win over the environment.
    """

    allow: Optional[frozenset[str]] = None
    block: frozenset[str] = frozenset()
    strict: bool = False

    @classmethod
    def resolve(
        cls,
        allow: Optional[Iterable[str]],
        block: Optional[Iterable[str]],
        strict: Optional[bool],
        environ: Mapping[str, str],
    ) -> "Selection":
        """Combine ``load()`` arguments with ``LLM_ROADMAP_*`` variables (arguments win)."""
        if isinstance(allow, str) or isinstance(block, str):
            # A bare string would be read letter by letter and allow nothing useful.
            raise TypeError("plugins and disable_plugins take a list of names, not a string")
        if allow is None and "LLM_ROADMAP_PLUGINS" in environ:
            allow = _split(environ["LLM_ROADMAP_PLUGINS"])
        if block is None:
            block = _split(environ.get("LLM_ROADMAP_DISABLE_PLUGINS", ""))
        if strict is None:
            strict = is_truthy(environ.get("LLM_ROADMAP_STRICT_PLUGINS"))
        return cls(
            allow=None if allow is None else frozenset(canonical_name(a) for a in allow),
            block=frozenset(canonical_name(b) for b in block),
            strict=strict,
        )

    def loads(self, candidate: Candidate) -> bool:
        """Whether a plugin found is loaded (else it is recorded as disabled).

        The blocklist applies to every plugin, by plugin or distribution name;
        the allowlist only to installed ones (built-ins and ``extra_plugins``
        are always allowed).
        """
        names = {canonical_name(candidate.name), canonical_name(candidate.distribution)}
        if names & self.block:
            return False
        return (
            candidate.builtin or candidate.extra or self.allow is None or bool(names & self.allow)
        )


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]
