"""Progress in exports: the ``progress`` option of the exporters that can show it.

``llm-roadmap export --progress`` (or ``roadmap.export(..., progress=...)``)
hands the exporters a plain mapping, `ExportStatuses`, built by
`Progress.statuses` over the whole roadmap before any subset is taken, so a
topic's derived status does not depend on what the export leaves out. An
exporter reads it with `export_statuses`.
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Optional

import attrs

from ..errors import ExportError
from ..model import Status

if TYPE_CHECKING:
    from ..exporter import ExportOptions

__all__ = ["ExportStatuses", "export_statuses"]


@attrs.frozen(kw_only=True)
class ExportStatuses:
    """The statuses an export shows: every resource and topic of the roadmap.

    Attributes:
        resources: Each resource's status (what the learner set, else pending).
        topics: Each topic's status (set, else derived from its resources).
    """

    resources: Mapping[str, Status]
    topics: Mapping[str, Status]

    def resource(self, resource_id: str) -> Status:
        """A resource's status (pending for one the mapping lacks)."""
        return self.resources.get(resource_id, Status.PENDING)

    def checkbox(self, resource_ids: Iterable[str]) -> str:
        """A Markdown checkbox: ``"[x] "`` when one of the resources is done, else ``"[ ] "``."""
        done = any(self.resource(r) is Status.DONE for r in resource_ids)
        return "[x] " if done else "[ ] "

    def topic(self, topic_id: str) -> Status:
        """A topic's status (pending for one the mapping lacks)."""
        return self.topics.get(topic_id, Status.PENDING)


def export_statuses(options: "ExportOptions") -> Optional[ExportStatuses]:
    """The ``progress`` option of an export, or ``None`` when it was not given.

    Raises:
        ExportError: The option holds something else than `Progress.statuses` returns.
    """
    value: Any = options.params.get("progress")
    if value is None or value is False:
        return None
    if isinstance(value, ExportStatuses):
        return value
    raise ExportError(
        "the 'progress' option takes Progress.statuses(roadmap) (on the command line: --progress),"
        f" not {type(value).__name__}"
    )
