"""Visualizers (rerun-sdk 0.41's `rerun.blueprint.Visualizer`): which visualizer a view uses for
an entity, with component overrides. The data archetypes rerun-sdk can visualize get a
`.visualizer()` method (attached when their class is declared, see `_baseclasses`)."""

from __future__ import annotations

from typing import Any

__all__ = ["VISUALIZABLE", "Visualizer", "visualizer_method"]

# The data archetypes a view can visualize an entity with (rerun-sdk's `VisualizableArchetype`s).
VISUALIZABLE = frozenset(
    [
        "Arrows2D",
        "Arrows3D",
        "Asset3D",
        "AssetAudio",
        "BarChart",
        "Boxes2D",
        "Boxes3D",
        "Capsules3D",
        "Cylinders3D",
        "DepthImage",
        "Ellipses2D",
        "Ellipsoids3D",
        "EncodedDepthImage",
        "EncodedImage",
        "GaussianSplats3D",
        "GeoLineStrings",
        "GeoPoints",
        "GraphEdges",
        "GraphNodes",
        "Image",
        "LineStrips2D",
        "LineStrips3D",
        "Measurements",
        "Mesh3D",
        "Pinhole",
        "Points2D",
        "Points3D",
        "SegmentationImage",
        "SeriesLines",
        "SeriesPoints",
        "StateChange",
        "StateConfiguration",
        "Tensor",
        "TextDocument",
        "TextLog",
        "TransformAxes3D",
        "VideoFrameReference",
        "VideoStream",
        "Volume3D",
        "VoxelGridMap",
    ]
)
# visualizer type by archetype name, where it is not the name itself
_VISUALIZER_TYPE = {
    "LineStrips2D": "Lines2D",
    "LineStrips3D": "Lines3D",
    "Measurements": "MeasurementsSeries",
    "Pinhole": "Cameras",
    "StateChange": "StateVisualizer",
    "StateConfiguration": "StateVisualizer",
}


class Visualizer:
    """One visualizer of an entity in a view: its type, component overrides and mappings."""

    def __init__(self, visualizer_type: str, *, overrides: Any = None, mappings: Any = None) -> None:
        import uuid  # here: `import nparrow` loads this module, not uuid

        self.id = uuid.uuid4()
        self.visualizer_type = visualizer_type
        self.overrides = overrides
        self.mappings = mappings

    def __repr__(self) -> str:
        return f"Visualizer({self.visualizer_type!r}, id={self.id})"


def visualizer_method(archetype_name: str) -> Any:
    """The `.visualizer(*, mappings=None)` method of a visualizable archetype class."""
    visualizer_type = _VISUALIZER_TYPE.get(archetype_name, archetype_name)

    def visualizer(self: Any, *, mappings: Any = None) -> Visualizer:
        """A visualizer for this archetype, with every set field as an override."""
        return Visualizer(visualizer_type, overrides=self.as_component_batches(), mappings=mappings)

    return visualizer
