"""The link-check report: JSON, Markdown and exit codes."""

from llm_roadmap.linkcheck import LinkReport, LinkResult, LinkStatus

# The fixtures: a threaded server per module, cleared per test; a client on the test's cache dir.


# -- the report ----------------------------------------------------------------------------


def test_report_json_markdown_and_exit_codes() -> None:
    results = (
        LinkResult(url="https://a.example/", status=LinkStatus.OK, reason="HTTP 200"),
        LinkResult(
            url="https://b.example/", status=LinkStatus.BROKEN, reason="HTTP 404", resources=("x",)
        ),
        LinkResult(url="https://c.example/|", status=LinkStatus.INDETERMINATE, reason="timed out"),
    )
    report = LinkReport(results=results)
    data = report.to_json()
    assert data["summary"]["total"] == 3
    assert data["summary"]["broken"] == 1
    assert data["results"][1] == {
        "url": "https://b.example/",
        "status": "broken",
        "reason": "HTTP 404",
        "http_status": None,
        "final_url": None,
        "moved": False,
        "redirects": [],
        "method": "",
        "from_cache": False,
        "checked_at": None,
        "resources": ["x"],
    }
    markdown = report.to_markdown()
    assert "## Broken (1)" in markdown
    assert "| https://b.example/ | HTTP 404 | x |" in markdown
    assert "https://c.example/\\|" in markdown  # a pipe in a URL does not break the table
    assert "## Moved" not in markdown
    assert report.exit_code() == 1
    only_unknown = LinkReport(results=(results[0], results[2]))
    assert only_unknown.exit_code() == 0
    assert only_unknown.exit_code(strict=True) == 1
