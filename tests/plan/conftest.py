"""Fixtures of tests/plan: the small course of `_plan_data`, written for each test."""

from pathlib import Path

import pytest
from _plan_data import write


@pytest.fixture
def course(tmp_path: Path) -> list[str]:
    """``--data`` and the folder the course was written to."""
    return ["--data", str(write(tmp_path / "course"))]
