"""Fuzz the var-length bridge: random bytes, offsets and inner sizes into `varlen_to_array` and
`payload_to_array` must build a valid Arrow array or raise TypeError/ValueError, never crash,
panic or return an array pyarrow's full validation rejects.

    .venv/bin/python ffi_tests/soak/fuzz_varlen.py [-runs=200000] [libFuzzer flags]

Needs `pip install atheris`. The Rust side is not built with coverage instrumentation, so this is
a fast random search guided only by the Python-side coverage, not a coverage-guided fuzz of Rust.
"""

from __future__ import annotations

import sys

import atheris
import numpy as np
import pyarrow as pa

from nparrow import _native

OFFSET_DTYPES = (np.int32, np.int64, np.uint32, np.int16, np.float32)
DATA_DTYPES = (np.uint8, np.float32, np.float64, np.int32, np.int8)


@atheris.instrument_func
def _array(fdp: atheris.FuzzedDataProvider, dtypes: tuple[type, ...], max_len: int) -> np.ndarray:
    dtype = np.dtype(dtypes[fdp.ConsumeIntInRange(0, len(dtypes) - 1)])
    n = fdp.ConsumeIntInRange(0, max_len)
    raw = fdp.ConsumeBytes(n * dtype.itemsize)
    arr = np.frombuffer(raw[: len(raw) - len(raw) % dtype.itemsize], dtype=dtype)
    layout = fdp.ConsumeIntInRange(0, 3)
    if layout == 1 and arr.size > 1:
        arr = arr[::2]  # strided: copied once
    elif layout == 2 and arr.size:
        arr = arr.reshape(1, -1) if fdp.ConsumeBool() else arr[::-1]
    return arr


@atheris.instrument_func
def _offsets(fdp: atheris.FuzzedDataProvider, units: int) -> np.ndarray:
    if fdp.ConsumeBool():  # mostly-valid offsets reach the builders' deeper checks
        lens = [fdp.ConsumeIntInRange(0, 4) for _ in range(fdp.ConsumeIntInRange(0, 8))]
        offs = np.concatenate([[0], np.cumsum(lens, dtype=np.int64)])
        offs[-1:] = min(int(offs[-1]), units) if fdp.ConsumeBool() else offs[-1:]
        return offs.astype(np.int32 if fdp.ConsumeBool() else np.int64)
    return _array(fdp, OFFSET_DTYPES, 12)


@atheris.instrument_func
def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    inner = fdp.ConsumeIntInRange(-2, 4)
    values = _array(fdp, DATA_DTYPES, 64)
    offsets = _offsets(fdp, values.size)
    which = fdp.ConsumeIntInRange(0, 3)
    try:
        if which == 0:
            out = _native.varlen_to_array(values, offsets, inner)
        elif which == 1:
            validity = np.frombuffer(fdp.ConsumeBytes(max(len(offsets) - 1, 0)), dtype=np.bool_)
            out = _native.payload_to_array((values, offsets, inner, validity))
        elif which == 2:
            out = _native.payload_to_array(("list", offsets, (values, max(inner, 0)), fdp.ConsumeBool()))
        else:
            out = _native.payload_to_array((values, inner) if inner >= 0 else (values,))
    except (TypeError, ValueError, OverflowError):
        return
    arr = pa.array(out)
    arr.validate(full=True)
    if which in (0, 1):
        assert len(arr) == len(offsets) - 1, (len(arr), offsets)


def main() -> None:
    argv = list(sys.argv)
    if not any(a.startswith("-runs=") for a in argv[1:]):
        argv.append("-runs=200000")
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
