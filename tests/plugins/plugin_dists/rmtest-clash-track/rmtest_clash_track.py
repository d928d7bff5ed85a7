"""Registers a track id that rmtest-base already has."""

from llm_roadmap import hookimpl


@hookimpl
def register_tracks(register):
    register(
        {
            "resources": [
                {
                    "id": "rmtest-clash-resource-2",
                    "title": "Clash Resource",
                    "url": "https://example.org/clash",
                    "kind": "book",
                    "language": "en",
                    "description": {"zh": "资料。", "en": "A resource."},
                }
            ],
            "tracks": [
                {
                    "id": "rmtest-track",
                    "title": {"zh": "重名路线", "en": "Same id track"},
                    "summary": {"zh": "重名。", "en": "Taken id."},
                    "topics": [
                        {
                            "id": "rmtest-clash-topic",
                            "title": {"zh": "主题", "en": "Topic"},
                            "summary": {"zh": "主题。", "en": "Topic."},
                            "resources": [{"resource": "rmtest-clash-resource-2"}],
                        }
                    ],
                }
            ],
        }
    )
