"""The hook specifications: typed, documented, each with a section and an example in the docs."""

import ast
import re
from pathlib import Path

from llm_roadmap import hookspecs
from llm_roadmap._plugins.calls import HOOK_NAMES

ROOT = Path(__file__).resolve().parents[2]


# -- documentation ---------------------------------------------------------------------------


def test_every_hookspec_is_typed_documented_and_has_a_section_in_docs() -> None:
    specs = sorted(
        name
        for name in dir(hookspecs)
        if getattr(getattr(hookspecs, name), "llm_roadmap_spec", None) is not None
    )
    assert specs == sorted(HOOK_NAMES)
    docs = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (\w+)\s*$", docs, flags=re.MULTILINE)
    assert sorted(sections) == specs
    for name in specs:
        function = getattr(hookspecs, name)
        assert function.__doc__ and "Args:" in function.__doc__, name
        assert function.__annotations__.get("register") is not None, name
        body = docs.split(f"## {name}", 1)[1].split("\n## ", 1)[0]
        assert "```python" in body and "@hookimpl" in body, (
            f"docs/hooks.md: {name} needs an example"
        )
        example = body.split("```python", 1)[1].split("```", 1)[0]
        ast.parse(example)  # the example is valid Python
