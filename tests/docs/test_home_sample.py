"""The home pages show what ``llm-roadmap path llm-foundations`` really prints."""

import pytest
from home_sample import DOCS, PAGES, render


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_home_page_sample_is_the_real_output(page: str) -> None:
    expected = render(page, PAGES[page])
    assert (DOCS / page).read_text(encoding="utf-8") == expected, (
        f"docs/{page} shows another output than the command prints now: "
        "run `python tests/docs/home_sample.py` to rewrite it"
    )
