"""`GeoPoints` and `GeoLineStrings`: points and line strings on a map, as float64 EPSG:4326
latitude/longitude pairs (rerun.archetypes.GeoPoints / GeoLineStrings). rerun-sdk takes the
required field as the keyword `lat_lon`."""

from __future__ import annotations

from typing import Any

from .. import components as c
from .._baseclasses import Archetype, Field

__all__ = ["GeoLineStrings", "GeoPoints"]


class GeoPoints(Archetype):
    _SPEC = (
        Field("positions", c.LatLonBatch),
        Field("radii", c.RadiusBatch),
        Field("colors", c.ColorBatch),
        Field("class_ids", c.ClassIdBatch),
    )

    def __init__(self, *, lat_lon: Any, radii: Any = None, colors: Any = None, class_ids: Any = None) -> None:
        self._core(positions=lat_lon, radii=radii, colors=colors, class_ids=class_ids)


class GeoLineStrings(Archetype):
    _SPEC = (
        Field("line_strings", c.GeoLineStringBatch),
        Field("radii", c.RadiusBatch),
        Field("colors", c.ColorBatch),
    )

    def __init__(self, *, lat_lon: Any, radii: Any = None, colors: Any = None) -> None:
        self._core(line_strings=lat_lon, radii=radii, colors=colors)
