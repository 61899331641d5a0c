"""Rows of one entity whose component sets differ, interleaved in time: both SDKs must chunk them alike."""

from _common import finish, setup

rr = setup("interleaved_layouts")
for step in range(20):
    rr.set_time("step", sequence=step)
    color = [255, 0, 0] if step % 5 == 4 else None
    rr.log("logs", rr.TextLog(f"step {step}", level="INFO", color=color))
    if step == 10:
        rr.log("logs", rr.TextLog.from_fields(level="ERROR"))
finish(rr)
