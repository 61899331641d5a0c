"""Visualizer configuration (rerun-sdk 0.41's `rerun.blueprint.visualizers`)."""

from __future__ import annotations

from .._visualizer import Visualizer
from .api import VisualizableArchetype

__all__ = ["VisualizableArchetype", "Visualizer"]
