"""Registers data that does not validate: a missing translation and an unknown field."""

from llm_roadmap import hookimpl


@hookimpl
def register_tracks(register):
    register(
        {
            "resources": [
                {
                    "id": "rmtest-invalid-resource",
                    "title": "Invalid",
                    "url": "https://example.org/invalid",
                    "kind": "book",
                    "language": "en",
                    "description": {"zh": "", "en": "Chinese text is missing."},
                    "colour": "blue",
                }
            ]
        }
    )
