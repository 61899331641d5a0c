"""`GraphNodes`: a graph's nodes by id, with optional positions and styling
(rerun.archetypes.GraphNodes)."""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field

__all__ = ["GraphNodes"]


class GraphNodes(Archetype):
    _SPEC = (
        Field("node_ids", c.GraphNodeBatch, positional=True, required=True),
        Field("positions", c.Position2DBatch),
        Field("colors", c.ColorBatch),
        Field("labels", c.TextBatch),
        Field("show_labels", c.ShowLabelsBatch),
        Field("radii", c.RadiusBatch),
    )
