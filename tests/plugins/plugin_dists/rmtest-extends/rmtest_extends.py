"""A good plugin that adds to rmtest-base's track through [[extensions]]."""

from llm_roadmap import hookimpl

DATA = {
    "resources": [
        {
            "id": "rmtest-extra-resource",
            "title": "An Extra Resource",
            "url": "https://example.org/rmtest-extra",
            "kind": "video",
            "language": "en",
            "description": {"zh": "附加的资料。", "en": "An extra resource."},
        }
    ],
    "extensions": [
        {
            "track": "rmtest-track",
            "topics": [
                {
                    "id": "rmtest-extra-topic",
                    "title": {"zh": "附加主题", "en": "Extra topic"},
                    "summary": {"zh": "扩展加入的主题。", "en": "A topic added by an extension."},
                    "prerequisites": ["rmtest-topic"],
                    "resources": [{"resource": "rmtest-extra-resource"}],
                }
            ],
        },
        {
            "topic": "rmtest-topic",
            "resources": [{"resource": "rmtest-extra-resource", "role": "optional"}],
        },
    ],
}


@hookimpl
def register_tracks(register):
    register(DATA)
