"""Card templates and styling, shared by the .apkg note types and the text export.

The templates hold no words, only markup, so one note type serves both
languages: exporting in Chinese after English updates the same notes.
"""

RESOURCE_FIELDS = (
    "Title",
    "Topic",
    "Kind",
    "Role",
    "Description",
    "Authors",
    "Year",
    "Link",
    "Note",
    "Id",
)
CONCEPT_FIELDS = ("Concept", "Topic", "Track", "Summary", "Resources", "Id")

RESOURCE_FRONT = (
    '<div class="kind">{{Kind}}{{#Role}} · {{Role}}{{/Role}}</div>\n'
    '<div class="title">{{Title}}</div>\n'
    '<div class="topic">{{Topic}}</div>'
)
RESOURCE_BACK = (
    "{{FrontSide}}\n"
    '<hr id="answer">\n'
    '<div class="description">{{Description}}</div>\n'
    '<div class="meta">{{Authors}}{{#Year}} ({{Year}}){{/Year}}</div>\n'
    '<div class="link">{{Link}}</div>\n'
    '{{#Note}}<div class="note">{{Note}}</div>{{/Note}}'
)
CONCEPT_FRONT = (
    '<div class="concept">{{Concept}}</div>\n<div class="topic">{{Topic}} — {{Track}}</div>'
)
CONCEPT_BACK = (
    "{{FrontSide}}\n"
    '<hr id="answer">\n'
    '<div class="description">{{Summary}}</div>\n'
    '{{#Resources}}<div class="resources">{{Resources}}</div>{{/Resources}}'
)

CSS = """\
.card { font-family: -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif;
        font-size: 18px; line-height: 1.5; text-align: left; color: #222; background: #fff;
        max-width: 40em; margin: 0 auto; }
.nightMode.card, .night_mode .card { color: #eee; background: #2f2f31; }
.kind { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: #888; }
.title, .concept { font-size: 22px; font-weight: 600; margin: .3em 0; }
.topic { color: #666; }
.meta { color: #666; margin-top: .6em; }
.link { margin-top: .4em; word-break: break-all; }
.note { margin-top: .8em; padding: .5em .8em; border-left: 3px solid #4a90d9;
        background: rgba(74,144,217,.08); }
"""


def render(template: str, fields: dict[str, str]) -> str:
    """Render one of the templates above with ``fields`` (for the text export).

    Supports exactly what the templates use: ``{{Field}}`` and
    ``{{#Field}}...{{/Field}}`` sections shown when the field is not empty.
    """
    import re

    def section(match: "re.Match[str]") -> str:
        return match.group(2) if fields.get(match.group(1), "") else ""

    text = re.sub(r"\{\{#(\w+)\}\}(.*?)\{\{/\1\}\}", section, template, flags=re.S)
    return re.sub(r"\{\{(\w+)\}\}", lambda m: fields.get(m.group(1), ""), text)
