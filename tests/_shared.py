"""Where the team's shared documents are: the source roadmap and the real-world fixtures.

They live outside the project (never copied into it), in ``shared/`` next to
the checkout. A checkout elsewhere (CI's, a clone in /tmp) finds them through
``LLM_ROADMAP_SHARED`` or the workspace's own ``/work/shared``; where none is
there, the tests that need them are skipped, saying which file was missing.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The first shared directory that exists (the one next to the checkout if none does)."""
    candidates = [
        *([Path(os.environ["LLM_ROADMAP_SHARED"])] if os.environ.get("LLM_ROADMAP_SHARED") else []),
        ROOT.parent / "shared",
        Path("/work/shared"),
    ]
    return next((c for c in candidates if c.is_dir()), candidates[0])


SEED = shared_dir() / "seed" / "llm-roadmap.zh.md"
LLM_COURSE = shared_dir() / "fixtures" / "llm-course.README.md"
