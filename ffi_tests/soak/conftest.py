"""Soak tests are long: `make soak` runs them (NPARROW_SOAK=1); `make test` does not collect them."""

from __future__ import annotations

import os

if os.environ.get("NPARROW_SOAK") != "1":
    collect_ignore_glob = ["test_*.py"]
