"""`datatypes` is an alias of `encodings`, as in rerun-sdk 0.41."""

from .encodings import *
from .encodings import __all__  # noqa: F401
