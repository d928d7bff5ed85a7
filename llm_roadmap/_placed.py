"""`PlacedResource`: a resource where it appears, in its own module.

The roadmap builds these when first asked where a resource is placed, so a
load does not create the class (attrs compiles each class's methods).
"""

import attrs

from .model import Placement, Resource, Topic, Track

__all__ = ["PlacedResource"]


@attrs.frozen(kw_only=True)
class PlacedResource:
    """A resource where it appears: its track, its topic, and its placement there.

    Attributes:
        track: The track.
        topic: The topic within the track.
        placement: Role, group and note of the resource in that topic.
        resource: The resource itself.
    """

    track: Track
    topic: Topic
    placement: Placement
    resource: Resource
