"""TextLog lines with levels and colors, TextDocument (plain, markdown), static and over time."""

import importlib

from _common import finish, setup

rr = setup("text_logs")
# `rr.TextLogLevel` / `rr.MediaType` as in rerun-sdk; nparrow may not export them at the top level yet.
_text = None if hasattr(rr, "MediaType") else importlib.import_module("nparrow.archetypes.text")
TextLogLevel = rr.TextLogLevel if _text is None else _text.TextLogLevel
MediaType = rr.MediaType if _text is None else _text.MediaType

rr.log(
    "docs/readme", rr.TextDocument("# Title\n\nSome *markdown*.", media_type=MediaType.MARKDOWN), static=True
)
rr.log("docs/plain", rr.TextDocument("plain text, no media type"), static=True)
rr.log("logs/startup", rr.TextLog("booting", level=TextLogLevel.INFO), static=True)

levels = [TextLogLevel.TRACE, TextLogLevel.DEBUG, TextLogLevel.INFO, TextLogLevel.WARN, TextLogLevel.ERROR]
for step in range(20):
    rr.set_time("step", sequence=step)
    rr.set_time("sim_time", duration=step * 0.25)
    level = levels[step % len(levels)]
    color = [255, 0, 0] if step % len(levels) == 4 else [128, 128, 128]  # ERROR lines in red
    rr.log("logs/main", rr.TextLog(f"step {step}: ünïcode ✓", level=level, color=color))
    if step % 7 == 0:
        rr.log("logs/custom", rr.TextLog("custom level", level="CUSTOM", color=0x336699FF))
    if step == 10:
        rr.log("docs/readme", rr.TextDocument.from_fields(text="# Updated"))
    if step == 15:
        rr.log("docs/plain", rr.TextDocument("now markdown", media_type="text/markdown"))
        rr.log("logs/custom", rr.TextLog.cleared())
# Partial updates after the loop: rows whose component sets differ but interleave in time are
# chunked differently by the two batchers (rerun-sdk groups a tick's rows by component set), and
# `rrd optimize` does not always even that out.
rr.set_time("step", sequence=20)
rr.log("logs/main", rr.TextLog.from_fields(level=TextLogLevel.CRITICAL))
rr.log("docs/readme", rr.TextDocument.cleared())
finish(rr)
