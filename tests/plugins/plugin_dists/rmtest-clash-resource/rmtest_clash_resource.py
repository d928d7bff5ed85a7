"""Registers a resource id that rmtest-base already has."""

from llm_roadmap import hookimpl


@hookimpl
def register_tracks(register):
    register(
        {
            "resources": [
                {
                    "id": "rmtest-resource",
                    "title": "Same Id, Other Resource",
                    "url": "https://example.org/other",
                    "kind": "book",
                    "language": "en",
                    "description": {"zh": "同名资料。", "en": "A resource with a taken id."},
                }
            ]
        }
    )
