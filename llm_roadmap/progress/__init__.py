"""The learner's progress: a status per resource and topic, kept in a small local file.

```python
import llm_roadmap

rm = llm_roadmap.load()
p = llm_roadmap.Progress.load()              # the learner's own file (empty at first)
p.mark("attention-is-all-you-need", "done")
p.save()                                     # atomically, under a file lock
p.next(rm)                                   # the topics open now, core resources first
p.plan(rm, "llm-foundations", hours_per_week=6)   # what is left, week by week
p.pace(rm).hours_per_week                    # the hours a week you study, from your marks
```

The file is ``progress.json`` in the data directory (``LLM_ROADMAP_DATA_DIR``,
else the user data directory); its layout is published as
``llm_roadmap/progress.schema.json`` and shared with the HTML page.

The parts: ``_file`` (an entry and its time, the layout, reading, locking,
writing), ``_state`` (`Progress` itself, and its answers over a roadmap:
topic and track statuses, hours done and left, the next steps), ``_plan``
(the weekly plan, its calendar, and the pace read from the marks).
"""

from ..exporters import export_statuses
from ..util.env import PROGRESS_FILE
from ._file import FORMAT, MAX_BYTES, VERSION, ProgressEntry, ProgressWarning, progress_path
from ._plan import CALENDAR_HINT, MIN_MARKS, MIN_WEEKS, Pace, Plan, PlanItem, PlanWeek
from ._state import (
    FUTURE_TOLERANCE,
    MergeResult,
    NextStep,
    Progress,
    ProgressReport,
    TopicProgress,
    TrackProgress,
)

__all__ = [
    "CALENDAR_HINT",
    "FORMAT",
    "FUTURE_TOLERANCE",
    "MAX_BYTES",
    "MIN_MARKS",
    "MIN_WEEKS",
    "PROGRESS_FILE",
    "VERSION",
    "MergeResult",
    "NextStep",
    "Pace",
    "Plan",
    "PlanItem",
    "PlanWeek",
    "Progress",
    "ProgressEntry",
    "ProgressReport",
    "ProgressWarning",
    "TopicProgress",
    "TrackProgress",
    "export_statuses",
    "progress_path",
]
