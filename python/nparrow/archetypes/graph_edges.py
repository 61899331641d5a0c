"""`GraphEdges`: edges between graph nodes, by node id (rerun.archetypes.GraphEdges)."""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field


class GraphEdges(Archetype):
    _SPEC = (
        Field("edges", c.GraphEdgeBatch, positional=True, required=True),
        Field("graph_type", c.GraphTypeBatch),
    )
