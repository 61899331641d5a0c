"""nparrow: placeholder"""
from . import _native
