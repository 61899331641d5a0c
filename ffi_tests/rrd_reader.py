"""A minimal, independent `.rrd` reader for tests (uncompressed files: NPARROW_COMPRESS=0).

Parses the framing and just enough protobuf to get each ArrowMsg's Arrow IPC payload, so tests
can check what a file holds without trusting the encoder that wrote it."""

from __future__ import annotations

import struct
from pathlib import Path

import pyarrow as pa


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = value = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, i
        shift += 7


def _fields(buf: bytes) -> dict[int, list[int | bytes]]:
    out: dict[int, list[int | bytes]] = {}
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            val, i = _varint(buf, i)
        elif wire == 1:
            val, i = buf[i : i + 8], i + 8
        elif wire == 2:
            n, i = _varint(buf, i)
            val, i = buf[i : i + n], i + n
        elif wire == 5:
            val, i = buf[i : i + 4], i + 4
        else:
            raise ValueError(f"unsupported wire type {wire}")
        out.setdefault(field, []).append(val)
    return out


def read_chunks(path: str | Path) -> list[pa.RecordBatch]:
    """Every chunk (ArrowMsg) in the file, in order, as a pyarrow RecordBatch."""
    data = Path(path).read_bytes()
    assert data[:4] == b"RRF2", "not an .rrd stream"
    i = 12
    chunks = []
    while i + 16 <= len(data):
        kind, length = struct.unpack_from("<QQ", data, i)
        body = data[i + 16 : i + 16 + length]
        i += 16 + length
        if kind == 0:  # End: the footer follows
            break
        if kind != 2:
            continue
        msg = _fields(body)
        assert msg.get(2, [1])[0] == 1, "compressed payload: write the file with NPARROW_COMPRESS=0"
        payload = msg[5][0]
        assert isinstance(payload, bytes)
        chunks.extend(pa.ipc.open_stream(payload).read_all().to_batches())
    return chunks


def messages(path: str | Path) -> list[tuple[str, int | None, tuple[bool, bool] | None]]:
    """The file's messages in order: (kind, store kind, activation flags).

    kind is "SetStoreInfo", "ArrowMsg", "BlueprintActivationCommand" or "End"; store kind 1 is a
    recording, 2 a blueprint (for "End": the number of manifests in the footer); activation
    flags are (make_active, make_default) of an activation command."""
    data = Path(path).read_bytes()
    assert data[:4] == b"RRF2", "not an .rrd stream"
    i = 12
    out: list[tuple[str, int | None, tuple[bool, bool] | None]] = []
    while i + 16 <= len(data):
        kind, length = struct.unpack_from("<QQ", data, i)
        body = data[i + 16 : i + 16 + length]
        i += 16 + length
        msg = _fields(body)

        def store_kind(store_id: object) -> int | None:
            assert isinstance(store_id, bytes)
            value = _fields(store_id).get(1, [None])[0]
            return value if isinstance(value, int) else None

        if kind == 0:
            out.append(("End", len(msg.get(1, [])), None))
            break
        if kind == 1:  # SetStoreInfo { info = 2: StoreInfo { store_id = 2 } }
            info = msg[2][0]
            assert isinstance(info, bytes)
            out.append(("SetStoreInfo", store_kind(_fields(info)[2][0]), None))
        elif kind == 2:  # ArrowMsg { store_id = 1 }
            out.append(("ArrowMsg", store_kind(msg[1][0]), None))
        elif kind == 3:  # BlueprintActivationCommand { blueprint_id = 1, make_active = 2, make_default = 3 }
            flags = (bool(msg.get(2, [0])[0]), bool(msg.get(3, [0])[0]))
            out.append(("BlueprintActivationCommand", store_kind(msg[1][0]), flags))
    return out
