"""The hook specifications: the ones the plugin manager calls, each typed and documented.

That each has a section with an example in docs/hooks.md is checked with the
other documentation references, in tests/test_docs.py.
"""

from llm_roadmap import hookspecs
from llm_roadmap.plugin.manager import HOOK_NAMES


def test_every_hookspec_is_called_typed_and_documented() -> None:
    specs = sorted(
        name
        for name in dir(hookspecs)
        if getattr(getattr(hookspecs, name), "llm_roadmap_spec", None) is not None
    )
    assert specs == sorted(HOOK_NAMES)
    for name in specs:
        function = getattr(hookspecs, name)
        assert function.__doc__ and "Args:" in function.__doc__, name
        assert function.__annotations__.get("register") is not None, name
