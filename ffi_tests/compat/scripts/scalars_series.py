"""Scalars time series with SeriesLines / SeriesPoints styling, static and over time."""

import math

import numpy as np
from _common import finish, setup

rr = setup("scalars_series")

# Styling is static, as the docs recommend; a later timeline row overrides one field.
rr.log(
    "plot/trig",
    rr.SeriesLines(
        colors=[[255, 0, 0], [0, 255, 0]],
        names=["sin(0.01t)", "cos(0.01t)"],
        widths=[2, 4],
        aggregation_policy="MinMax",
    ),
    static=True,
)
rr.log(
    "plot/scatter",
    rr.SeriesPoints(colors=[0, 0, 255], names="noise", markers="cross", marker_sizes=3),
    static=True,
)
rr.log("plot/default_points", rr.SeriesPoints(), static=True)

rng = np.random.default_rng(7)
noise = rng.normal(size=200)
for step in range(200):
    rr.set_time("step", sequence=step)
    rr.log("plot/trig", rr.Scalars([math.sin(step / 100.0), math.cos(step / 100.0)]))
    rr.log("plot/scatter", rr.Scalars(noise[step]))
    rr.log("plot/default_points", rr.Scalars(np.float32(step) * 0.5))
    if step == 100:
        rr.log("plot/trig", rr.SeriesLines.from_fields(widths=[1, 1], interpolation_mode="StepAfter"))
        rr.log("plot/scatter", rr.SeriesPoints.from_fields(markers="diamond", visible_series=True))
    if step == 150:
        rr.log("plot/scatter", rr.SeriesPoints.cleared())

rr.set_time("step", sequence=200)
rr.log("plot/trig", rr.Scalars.from_fields(scalars=[0.0, 1.0]))
rr.log("plot/trig", rr.SeriesLines.from_fields(clear_unset=True, names=["a", "b"]))
rr.log("plot/trig", rr.Scalars.cleared())
finish(rr)
