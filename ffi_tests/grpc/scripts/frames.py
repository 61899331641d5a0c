"""Prints what an .rrd file holds as JSON, read by rerun-sdk's own reader (in its own process,
so the test process never imports rerun-sdk).

usage: frames.py FILE  →  {"static": [entity, ...], "frames": {entity: [frame, ...]}}
"""

from __future__ import annotations

import json
import sys
import warnings

warnings.simplefilter("ignore")

from rerun.chunk import RrdReader

static: set[str] = set()
frames: dict[str, list[int]] = {}
for chunk in RrdReader(sys.argv[1]).stream():
    if chunk.is_static:
        static.add(chunk.entity_path)
        continue
    batch = chunk.to_record_batch()
    if "frame" in batch.schema.names:
        values = batch.column(batch.schema.get_field_index("frame")).to_pylist()
        frames.setdefault(chunk.entity_path, []).extend(values)
print(json.dumps({"static": sorted(static), "frames": {k: sorted(v) for k, v in frames.items()}}))
