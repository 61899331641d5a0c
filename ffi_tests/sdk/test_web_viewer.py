"""`serve_web_viewer` / `start_web_viewer_server` through the installed `rerun --serve-web`
(headless: no browser is opened): the viewer's page is served on the port asked for, the
server's whole process group stops with it, and a missing viewer or a taken port is a clear
`RuntimeError`."""

from __future__ import annotations

import socket
import urllib.request

import pytest

import nparrow as rr
from nparrow import _grpc, _web


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _page(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
        return resp.read().decode()


@pytest.fixture
def servers():
    """Stops every web server a test started (the module also does at exit)."""
    yield _web._SERVERS
    _web._stop_all()


def test_start_web_viewer_server_serves_the_viewer(servers):
    port = _free_port()
    assert rr.start_web_viewer_server(port) is None
    (server,) = servers
    assert server.port == port
    assert "Rerun" in _page(port)
    server.stop()
    assert server.proc.poll() is not None
    with pytest.raises(OSError):
        _page(port)


def test_start_web_viewer_server_on_port_zero_picks_one(servers):
    rr.start_web_viewer_server()
    (server,) = servers
    assert server.port > 0
    assert "Rerun" in _page(server.port)


def test_serve_web_viewer_connecting_to_a_grpc_url(servers):
    port = _free_port()
    rr.serve_web_viewer(web_port=port, open_browser=False, connect_to="rerun+http://127.0.0.1:9877/proxy")
    (server,) = servers
    assert "Rerun" in _page(port)
    # The viewer connects where it is told (`rerun --serve-web <url>`), hosting no gRPC server.
    assert server.proc.args[-1] == "rerun+http://127.0.0.1:9877/proxy"


def test_missing_viewer_is_a_clear_error(monkeypatch, servers):
    monkeypatch.setattr(_grpc, "_find_executable", lambda name, path: None)
    with pytest.raises(RuntimeError, match=r"pip install rerun-sdk==0\.41"):
        rr.serve_web_viewer(open_browser=False)
    assert servers == []


def test_taken_port_is_a_clear_error(servers):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(RuntimeError, match="exited with code"):
            rr.start_web_viewer_server(port)
    assert servers == []


@pytest.mark.parametrize("port", [-1, 70000, "9090", True])
def test_bad_port_is_a_value_error(port):
    with pytest.raises(ValueError, match="port must be an int"):
        rr.start_web_viewer_server(port)
