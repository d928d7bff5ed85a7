"""The learner's progress: a status per resource and topic, kept in a small local file.

```python
import llm_roadmap

rm = llm_roadmap.load()
p = llm_roadmap.Progress.load()              # the learner's own file (empty at first)
p.mark("attention-is-all-you-need", "done")
p.save()                                     # atomically, under a file lock
p.next(rm)                                   # the topics open now, core resources first
```

The file is ``progress.json`` in the data directory (``LLM_ROADMAP_DATA_DIR``,
else the user data directory); its layout is published as
``llm_roadmap/progress.schema.json`` and shared with the HTML page.

The parts: ``_entry`` (one status and its time), ``_file`` (the layout,
reading, locking, writing), ``_state`` (`Progress` itself), ``_derive``
(topic and track statuses, the next steps).
"""

from ..exporters import export_statuses
from ._derive import NextStep, ProgressReport, TopicProgress, TrackProgress
from ._entry import ProgressEntry
from ._file import FORMAT, PROGRESS_FILE, VERSION, ProgressWarning, progress_path
from ._state import MergeResult, Progress

__all__ = [
    "FORMAT",
    "PROGRESS_FILE",
    "VERSION",
    "MergeResult",
    "NextStep",
    "Progress",
    "ProgressEntry",
    "ProgressReport",
    "ProgressWarning",
    "TopicProgress",
    "TrackProgress",
    "export_statuses",
    "progress_path",
]
