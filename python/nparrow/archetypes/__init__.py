"""Archetypes with rerun-sdk 0.41's names, signatures and component descriptors.

Imported lazily (module per family): `import nparrow` stays fast and only pays for what is used.
"""

from __future__ import annotations

import importlib
from typing import Any

from .points3d import Points3D
from .transform3d import Transform3D

# archetype (or helper type) name → module in this package
_LAZY: dict[str, str] = {
    "Points2D": "points2d",
    "Arrows2D": "arrows",
    "Arrows3D": "arrows",
    "LineStrips2D": "line_strips",
    "LineStrips3D": "line_strips",
    "Boxes2D": "boxes",
    "Boxes3D": "boxes",
    "Ellipsoids3D": "ellipsoids3d",
    "Capsules3D": "capsules3d",
    "GaussianSplats3D": "gaussian_splats3d",
    "Pinhole": "pinhole",
    "ViewCoordinates": "pinhole",
    "ViewDir": "pinhole",
    "Box2DFormat": "boxes",
    "Scalars": "scalars",
    "SeriesLines": "scalars",
    "SeriesPoints": "scalars",
    "TextLog": "text",
    "TextLogLevel": "text",
    "MediaType": "text",
    "TextDocument": "text",
    "Clear": "clear",
    "AnnotationContext": "annotation_context",
    "ClassDescription": "annotation_context",
    "AnnotationInfo": "annotation_context",
    "ClassDescriptionMapElem": "annotation_context",
    "KeypointPair": "annotation_context",
    "Image": "images",
    "ColorModel": "_image_format",
    "ChannelDatatype": "_image_format",
    "PixelFormat": "_image_format",
    "ImageFormat": "_image_format",
    "DepthImage": "images",
    "SegmentationImage": "images",
    "EncodedImage": "encoded",
    "Asset3D": "encoded",
    # --- family A ---
    "Cylinders3D": "shapes2d3d",
    "Ellipses2D": "shapes2d3d",
    "InstancePoses3D": "shapes2d3d",
    "TransformAxes3D": "shapes2d3d",
    "CoordinateFrame": "shapes2d3d",
    "StateChange": "state",
    "StateConfiguration": "state",
    "RecordingInfo": "misc",
    "McapMessage": "misc",
    "Measurements": "misc",
    "AssetAudio": "assets",
    "AssetVideo": "assets",
    "EncodedDepthImage": "assets",
    "VideoFrameReference": "assets",
    "GeoPoints": "geo",
    "GeoLineStrings": "geo",
    "GraphNodes": "graph",
    # --- family B ---
    "GraphEdges": "graph_edges",
    "McapSchema": "mcap",
    "McapChannel": "mcap",
    "McapStatistics": "mcap",
    "VideoStream": "video_stream",
    "VideoCodec": "video_stream",
    "Mesh3D": "mesh3d",
    "MeshFaceRendering": "mesh3d",
    "GridMap": "grids",
    "VoxelGridMap": "grids",
    # --- family C ---
    "Tensor": "tensors",
    "BarChart": "tensors",
    "Volume3D": "tensors",
    "TensorData": "tensors",  # rerun-sdk exports it as `rr.TensorData` too
}

__all__ = ["Points3D", "Transform3D"]  # plus every name in _LAZY, resolved by __getattr__


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"nparrow.archetypes has no {name!r}")
    try:
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    except ModuleNotFoundError as err:
        raise AttributeError(f"nparrow.archetypes.{name} is not implemented yet") from err
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The lazily served names too (`dir()`, completion, `from nparrow.archetypes import *`)."""
    return sorted({*globals(), *_LAZY})
