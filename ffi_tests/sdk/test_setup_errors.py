"""Set-up calls, side by side with rerun-sdk 0.41: each case runs under `rerun` and under
`nparrow`, in normal and in strict mode (one subprocess per SDK and mode, so the two SDKs'
global recordings never meet), and the outcomes are compared.

The rule: a set-up call that cannot do what it was asked (a sink that cannot be opened, no
recording to return) raises, whatever the mode, as rerun-sdk does; so do programming errors
rerun-sdk raises for (`set_time` without a value). Failures later, while logging, warn once and
logging goes on (test_sink_errors.py). Where nparrow differs from rerun-sdk on purpose the case
says what each SDK does and why; those rows check both SDKs against that description, so it
cannot go stale.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

# (id, code run after `import <sdk> as rr` (with `np`), "same" or a deviation
# {"rerun": outcome, "nparrow": outcome, "why": reason}). An outcome is "ok", "warn" (a Python
# warning, the call dropped) or "raise <ExceptionName>"; a deviation may give {"normal": ...,
# "strict": ...} per mode.
CASES: list[tuple[str, str, object]] = [
    # sinks that cannot be opened
    ("save_missing_dir", 'rr.init("app"); rr.save("/nonexistent/x.rrd")', "same"),
    ("save_to_a_directory", 'rr.init("app"); rr.save("/")', "same"),
    ("stream_save_missing_dir", 'rr.RecordingStream("app").save("/nonexistent/x.rrd")', "same"),
    ("file_sink_missing_dir", 'rr.init("app"); rr.set_sinks(rr.FileSink("/nonexistent/x.rrd"))', "same"),
    ("grpc_sink_bad_url", 'rr.init("app"); rr.set_sinks(rr.GrpcSink("not a url"))', "same"),
    ("set_sinks_not_a_sink", 'rr.init("app"); rr.set_sinks("x.rrd")', {
        "rerun": "raise RuntimeError", "nparrow": "raise TypeError",
        "why": "a wrong argument type is a TypeError in Python (nparrow's error rule)"}),
    ("connect_grpc_bad_url", 'rr.init("app"); rr.connect_grpc("not a url")', {
        "rerun": "raise RuntimeError", "nparrow": "raise ValueError",
        "why": "a malformed URL is a ValueError (ffi_tests/grpc/test_grpc.py)"}),
    # no recording
    ("memory_recording_before_init", "r = rr.memory_recording()", "same"),
    ("memory_recording_of_a_stream", 'r = type(rr.RecordingStream("app").memory_recording()).__name__', "same"),
    ("send_blueprint_before_init", "rr.send_blueprint(rr.blueprint.Blueprint(rr.blueprint.Spatial3DView()))",
     "same"),
    ("save_before_init", 'rr.save("x.rrd")', "same"),
    ("log_before_init", "rr.log('a', rr.Scalars(1.0))", "same"),
    ("set_time_before_init", "rr.set_time('t', sequence=1)", "same"),
    ("set_sinks_before_init", 'rr.set_sinks(rr.FileSink("x.rrd"))', "same"),
    ("binary_stream_before_init", "r = rr.binary_stream()", "same"),
    ("connect_grpc_before_init", 'rr.connect_grpc("rerun+http://127.0.0.1:1/proxy")', {
        "rerun": "ok", "nparrow": "raise ValueError",
        "why": "nothing to connect: nparrow says so (rerun-sdk only logs to stderr)"}),
    # init's arguments
    ("init_unknown_keyword", 'rr.init("app", bogus=1)', "same"),
    ("init_empty_application_id", 'rr.init("")', "same"),
    ("stream_empty_application_id", 'rr.RecordingStream("")', "same"),
    # set_time: programming errors rerun-sdk raises for in both modes
    ("set_time_without_a_value", 'rr.init("app"); rr.set_time("t")', "same"),
    ("set_time_without_a_value_before_init", 'rr.set_time("t")', "same"),
    ("set_time_float_sequence_before_init", 'rr.set_time("t", sequence=1.5)', "same"),
    ("set_time_two_values", 'rr.init("app"); rr.set_time("t", sequence=1, duration=2.0)', "same"),
    ("set_time_float_sequence", 'rr.init("app"); rr.set_time("t", sequence=1.5)', "same"),
    ("set_time_nan_duration", 'rr.init("app"); rr.set_time("t", duration=float("nan"))', "same"),
    ("set_time_milliseconds", 'rr.init("app"); rr.set_time("t", timestamp=1.7e12)', "same"),
    ("set_time_sequence_out_of_range", 'rr.init("app"); rr.set_time("t", sequence=2**63)', {
        "rerun": "raise OverflowError", "nparrow": "raise ValueError",
        "why": "every bad time value is a ValueError in nparrow"}),
    ("set_time_nat", 'rr.init("app"); rr.set_time("t", timestamp=np.datetime64("NaT"))', {
        "rerun": "ok", "nparrow": {"normal": "warn", "strict": "raise ValueError"},
        "why": "rerun-sdk records NaT as the earliest time, silently; nparrow drops it and says so"}),
    # bad data in an archetype constructor: nparrow's one rule for every archetype
    ("image_of_a_1d_array", "r = rr.Image(np.zeros(5, np.uint8))", {
        "rerun": "raise ValueError", "nparrow": {"normal": "warn", "strict": "raise ValueError"},
        "why": "every nparrow archetype constructor warns and drops bad data (README: Bad input), as "
               "rerun-sdk's do except Image's, which raises"}),
    # a file that is not there: a logging call, so it warns (strict mode raises)
    ("log_file_missing", 'rr.init("app"); rr.memory_recording(); rr.log_file_from_path("/nonexistent/x.png")', {
        "rerun": {"normal": "warn", "strict": "raise RuntimeError"},
        "nparrow": {"normal": "warn", "strict": "raise FileNotFoundError"},
        "why": "the OSError Python raises for a missing file"}),
]  # fmt: skip

_WORKER = textwrap.dedent(
    """
    import importlib, json, sys, warnings
    import numpy as np
    rr = importlib.import_module(sys.argv[1])
    strict = sys.argv[2] == "strict"
    out = {}
    for case, code in json.loads(sys.stdin.read()):
        rr.set_global_data_recording(None)
        rr.set_thread_local_data_recording(None)
        rr.set_strict_mode(strict)
        scope = {"rr": rr, "np": np}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                exec(code, scope)
                outcome = "warn" if caught else "ok"
            except Exception as err:
                outcome = f"raise {type(err).__name__}"
                scope["r"] = str(err)
        out[case] = {"outcome": outcome, "value": repr(scope.get("r"))[:200],
                     "warnings": [str(w.message)[:200] for w in caught]}
    print(json.dumps(out))
    """
)


def _run(sdk: str, mode: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    cwd = tmp_path_factory.mktemp(f"{sdk}_{mode}")  # relative paths (x.rrd) land here
    env = {**os.environ, "RERUN_ANALYTICS": "0", "RERUN": "on"}
    proc = subprocess.run(
        [sys.executable, "-c", _WORKER, sdk, mode],
        check=False,
        input=json.dumps([(case, code) for case, code, _ in CASES]),
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    return {
        (sdk, mode): _run(sdk, mode, tmp_path_factory)
        for sdk in ("rerun", "nparrow")
        for mode in ("normal", "strict")
    }


def _expected(spec: object, sdk: str, mode: str) -> str:
    assert isinstance(spec, dict)
    want = spec[sdk]
    return want[mode] if isinstance(want, dict) else want  # type: ignore[no-any-return]


@pytest.mark.parametrize("mode", ["normal", "strict"])
@pytest.mark.parametrize(("case", "code", "spec"), CASES, ids=[c[0] for c in CASES])
def test_setup_call_like_rerun_sdk(outcomes, case, code, spec, mode):
    rerun, ours = outcomes[("rerun", mode)][case], outcomes[("nparrow", mode)][case]
    side_by_side = f"rerun-sdk: {rerun}\nnparrow:   {ours}"
    if spec == "same":
        assert ours["outcome"] == rerun["outcome"], side_by_side
    else:
        assert rerun["outcome"] == _expected(spec, "rerun", mode), side_by_side
        assert ours["outcome"] == _expected(spec, "nparrow", mode), side_by_side


def test_the_cases_raise_where_the_brief_says(outcomes):
    """The headline cases, spelled out: both SDKs raise them in both modes."""
    for mode in ("normal", "strict"):
        for sdk in ("rerun", "nparrow"):
            got = outcomes[(sdk, mode)]
            assert got["save_missing_dir"]["outcome"] == "raise RuntimeError", (sdk, mode)
            assert got["memory_recording_before_init"]["outcome"] == "raise RuntimeError", (sdk, mode)
            assert got["set_time_without_a_value"]["outcome"] == "raise ValueError", (sdk, mode)
    ours = outcomes[("nparrow", "normal")]
    assert "cannot create /nonexistent/x.rrd" in ours["save_missing_dir"]["value"]
    assert "nparrow.init()" in ours["memory_recording_before_init"]["value"]
    assert ours["memory_recording_of_a_stream"]["value"] == "'MemoryRecording'"
