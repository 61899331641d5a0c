"""Archetypes with rerun-sdk 0.41's names, signatures and component descriptors."""

from .points3d import Points3D
from .transform3d import Transform3D

__all__ = ["Points3D", "Transform3D"]
