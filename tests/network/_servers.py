"""Real servers on 127.0.0.1 for the network tests, and a handler that records arrivals.

``RawServer`` does what HTTP servers will not (hang, reset mid-body); the
``httpserver`` fixture is one threaded pytest-httpserver per test module,
cleared for each test. Test modules take the fixtures by assigning them
(``httpserver = _servers.httpserver``).
"""

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any, Callable

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


class RawServer:
    """A socket server on 127.0.0.1 for what HTTP servers will not do: hang, reset mid-body.

    ``behaviour(conn, index)`` gets each accepted connection (after its request
    head was read) and the 0-based number of the connection.
    """

    def __init__(
        self, behaviour: Callable[[socket.socket, int], None], host: str = "127.0.0.1"
    ) -> None:
        self.behaviour = behaviour
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.host, self.port = self.sock.getsockname()
        self.stop = threading.Event()
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            index = self.connections
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn, index), daemon=True).start()

    def _handle(self, conn: socket.socket, index: int) -> None:
        with contextlib.suppress(OSError):
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            self.behaviour(conn, index)
        with contextlib.suppress(OSError):
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        self.sock.close()


def hang(stop: threading.Event) -> Callable[[socket.socket, int], None]:
    """Accept the request and never answer (until the test ends)."""

    def behaviour(conn: socket.socket, index: int) -> None:
        stop.wait(30)

    return behaviour


def reset_mid_body(conn: socket.socket) -> None:
    """Promise 1000 bytes, send 10, then reset the connection (RST, not FIN)."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/plain\r\n\r\n0123456789"
    )
    time.sleep(0.05)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def answer(conn: socket.socket, body: bytes = b"complete", status: str = "200 OK") -> None:
    head = f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    conn.sendall(head.encode() + body)


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []
    stop = threading.Event()

    def make(behaviour: Any = "hang", host: str = "127.0.0.1") -> RawServer:
        server = RawServer(hang(stop) if behaviour == "hang" else behaviour, host=host)
        servers.append(server)
        return server

    yield make
    stop.set()
    for server in servers:
        server.close()


def free_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Recorder:
    """A werkzeug handler that records when each request arrived and how many ran at once."""

    def __init__(self, respond: Callable[[Request, int], Response], delay: float = 0.0) -> None:
        self.respond = respond
        self.delay = delay
        self.arrivals: list[float] = []
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        with self.lock:
            index = len(self.arrivals)
            self.arrivals.append(time.monotonic())
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            if self.delay:
                time.sleep(self.delay)
            return self.respond(request, index)
        finally:
            with self.lock:
                self.active -= 1


@pytest.fixture(scope="module")
def threaded_server() -> Iterator[HTTPServer]:
    """A threaded server on 127.0.0.1 (the plugin's own answers one request at a time)."""
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def httpserver(threaded_server: HTTPServer) -> Iterator[HTTPServer]:
    """The module's server, with no handlers and an empty log for each test."""
    threaded_server.clear()
    yield threaded_server
    threaded_server.clear()
