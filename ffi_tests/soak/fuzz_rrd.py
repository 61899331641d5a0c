"""Fuzz the `.rrd` encoder's framing: random entity paths (any Unicode, escapes), timelines,
static/temporal rows, component sets and sizes are logged to a file; the file must read back
with the independent reader in `ffi_tests/rrd_reader.py` (framing, protobuf, Arrow IPC) and
hold every row that was logged, at the path rerun-sdk's parser gives.

    .venv/bin/python ffi_tests/soak/fuzz_rrd.py [-runs=2000] [libFuzzer flags]

Needs `pip install atheris`. Each run writes one small recording to a temporary file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["NPARROW_COMPRESS"] = "0"  # the test reader does not decompress LZ4

import atheris
import numpy as np

with atheris.instrument_imports():
    import nparrow as rr
    from nparrow import _native

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from ffi_tests.rrd_reader import read_chunks

TMP = Path(tempfile.mkdtemp(prefix="fuzz_rrd_"))


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    path = TMP / "f.rrd"
    rec = rr.RecordingStream("fuzz_rrd")
    rec.save(path)
    logged = 0
    for _ in range(fdp.ConsumeIntInRange(0, 12)):
        entity = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 24))
        if fdp.ConsumeBool():
            rec.set_time(
                fdp.ConsumeUnicodeNoSurrogates(6) or "t", sequence=fdp.ConsumeIntInRange(-(2**40), 2**40)
            )
        n = fdp.ConsumeIntInRange(0, 300)
        pos = np.frombuffer(fdp.ConsumeBytes(n * 12).ljust(n * 12, b"\0"), dtype=np.float32).reshape(n, 3)
        labels = [fdp.ConsumeUnicodeNoSurrogates(4) for _ in range(fdp.ConsumeIntInRange(0, 3))]
        static = fdp.ConsumeBool()
        try:
            rec.log(entity, rr.Points3D(pos, labels=labels or None), static=static)
            logged += 1
        except ValueError:
            pass  # strict-mode-like rejections of an invalid path are fine; nothing else is
    rec.disconnect()
    rec._close()
    rows = sum(
        c.num_rows for c in read_chunks(path) if c.schema.metadata[b"rerun:entity_path"] != b"/__properties"
    )
    assert rows == logged, (rows, logged)
    assert _native.live_borrows() == 0


def main() -> None:
    import warnings

    warnings.simplefilter("ignore")  # invalid escapes warn by design; the checks are the asserts
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
