"""rerun-sdk 0.41's script helpers: `script_add_args`, `script_setup`, `script_teardown`.

```python
parser = argparse.ArgumentParser()
rr.script_add_args(parser)
args = parser.parse_args()
rr.script_setup(args, "my_app")
...  # log
rr.script_teardown(args)
```
"""

from __future__ import annotations

import time
import uuid
from argparse import ArgumentParser, Namespace
from typing import Any

__all__ = ["script_add_args", "script_setup", "script_teardown"]


def script_add_args(parser: ArgumentParser) -> None:
    """Adds rerun-sdk's script flags to `parser`: `--headless`, `--connect`, `--serve`,
    `--url URL`, `--save PATH`, `--stdout`."""
    parser.add_argument("--headless", action="store_true", help="Don't show GUI")
    parser.add_argument(
        "--connect", dest="connect", action="store_true", help="Connect to an external viewer"
    )
    parser.add_argument(
        "--serve",
        dest="serve",
        action="store_true",
        help="Host a GRPC & web server and open a web viewer connecting to it.",
    )
    parser.add_argument("--url", type=str, default=None, help="Connect to this Rerun URL")
    parser.add_argument("--save", type=str, default=None, help="Save data to a .rrd file at this path")
    parser.add_argument(
        "--stdout",
        dest="stdout",
        action="store_true",
        help="Log data to standard output, to be piped into a Rerun Viewer",
    )


def _serve_grpc(rec: Any, default_blueprint: Any) -> str:
    """`rec.serve_grpc(...)` (the gRPC server sink), or a clear error where it is missing."""
    from . import _grpc

    method = getattr(rec, "serve_grpc", None)
    if method is not None:
        return str(method(default_blueprint=default_blueprint))
    function = getattr(_grpc, "serve_grpc", None)
    if function is None:
        raise RuntimeError(
            "script_setup: --serve needs nparrow.serve_grpc (an in-process gRPC server), which this "
            "build does not provide; use --connect (to a running `rerun`) or --save instead"
        )
    return str(function(default_blueprint=default_blueprint, recording=rec))


def script_setup(
    args: Namespace,
    application_id: str,
    *,
    recording_id: str | uuid.UUID | None = None,
    default_blueprint: Any = None,
) -> Any:
    """Creates the global recording (strict mode on, as rerun-sdk's helper does) and its sink
    from the flags, in rerun-sdk's order of precedence: `--stdout`, `--serve` (a gRPC server
    and a web viewer connected to it), `--connect` (to `--url`, default the local viewer),
    `--save PATH`, else a spawned viewer unless `--headless`. Returns the recording."""
    from . import recording_stream as rs
    from ._web import serve_web_viewer

    rs.init(application_id, recording_id=recording_id, default_enabled=True, strict=True)
    rec = rs.get_global_data_recording()
    if rec is None:  # `init` always sets one
        raise RuntimeError("script_setup: init did not create a global recording")

    if args.stdout:
        rec.stdout(default_blueprint=default_blueprint)
    elif args.serve:
        url = _serve_grpc(rec, default_blueprint)
        serve_web_viewer(open_browser=True, connect_to=url)
    elif args.connect:
        rec.connect_grpc(args.url, default_blueprint=default_blueprint)
    elif args.save is not None:
        rec.save(args.save, default_blueprint=default_blueprint)
    elif not args.headless:
        rec.spawn(default_blueprint=default_blueprint)
    return rec


def script_teardown(args: Namespace) -> None:
    """With `--serve`, keeps the process (and so the servers) alive until Ctrl-C."""
    if args.serve:
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            print("Ctrl-C received. Exiting.")
