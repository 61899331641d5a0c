"""View properties of the graph view (background, force simulation) and of the map view."""

from __future__ import annotations

from ._declare import BlueprintArchetype, spec


class GraphBackground(BlueprintArchetype):
    _SPEC = spec("color:Color")


class ForceCenter(BlueprintArchetype):
    _SPEC = spec("enabled:Enabled strength:ForceStrength")


class ForceCollisionRadius(BlueprintArchetype):
    _SPEC = spec("enabled:Enabled strength:ForceStrength iterations:ForceIterations")


class ForceLink(BlueprintArchetype):
    _SPEC = spec("enabled:Enabled distance:ForceDistance iterations:ForceIterations")


class ForceManyBody(BlueprintArchetype):
    _SPEC = spec("enabled:Enabled strength:ForceStrength")


class ForcePosition(BlueprintArchetype):
    _SPEC = spec("enabled:Enabled strength:ForceStrength position:Position2D")


class MapBackground(BlueprintArchetype):
    _SPEC = spec("provider!:MapProvider")


class MapZoom(BlueprintArchetype):
    _SPEC = spec("zoom!:ZoomLevel")
