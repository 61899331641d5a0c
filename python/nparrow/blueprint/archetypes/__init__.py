"""Blueprint archetypes (rerun-sdk 0.41's `rerun.blueprint.archetypes`): view properties and the
blueprint's structure, declared like the data archetypes. Imported lazily (module per family)."""

from __future__ import annotations

import importlib
from typing import Any

# archetype name → module in this package
_LAZY: dict[str, str] = {
    "ForceCenter": "graph",
    "ForceCollisionRadius": "graph",
    "ForceLink": "graph",
    "ForceManyBody": "graph",
    "ForcePosition": "graph",
    "GraphBackground": "graph",
    "MapBackground": "graph",
    "MapZoom": "graph",
    "PlotBackground": "plots",
    "PlotInteraction": "plots",
    "PlotLegend": "plots",
    "ScalarAxis": "plots",
    "TimeAxis": "plots",
    "Background": "spatial",
    "EyeControls3D": "spatial",
    "LineGrid3D": "spatial",
    "NearClipPlane": "spatial",
    "SpatialInformation": "spatial",
    "VisibleTimeRanges": "spatial",
    "VisualBounds2D": "spatial",
    "ActiveVisualizers": "structure",
    "ContainerBlueprint": "structure",
    "EntityBehavior": "structure",
    "PanelBlueprint": "structure",
    "TimePanelBlueprint": "structure",
    "ViewBlueprint": "structure",
    "ViewContents": "structure",
    "ViewportBlueprint": "structure",
    "VisualizerInstruction": "structure",
    "CardLayout": "table",
    "DataframeQuery": "table",
    "PreviewsConfig": "table",
    "TableBlueprint": "table",
    "TableColumn": "table",
    "TableColumnPreview": "table",
    "TableLayout": "table",
    "AudioPlayback": "tensor_text",
    "TensorScalarMapping": "tensor_text",
    "TensorSliceSelection": "tensor_text",
    "TensorViewFit": "tensor_text",
    "TextDocumentFormat": "tensor_text",
    "TextLogColumns": "tensor_text",
    "TextLogFormat": "tensor_text",
    "TextLogRows": "tensor_text",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"nparrow.blueprint.archetypes has no {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
