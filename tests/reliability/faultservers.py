"""TCP peers on 127.0.0.1 that misbehave below HTTP, where the feed server (aiohttp) cannot: a server that
accepts a connection and never answers, and one that resets every connection. Each counts its connections,
so a test can tell "refused before connecting" from "connected and failed".
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _TcpPeer:
    """A listening socket on 127.0.0.1 served by one background thread."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True, name=type(self).__name__)

    def url(self, path: str = "/feed.xml") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            self.handle(conn)

    def handle(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def start(self) -> "_TcpPeer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for conn in self.held:
            conn.close()
        self.sock.close()


class HangingServer(_TcpPeer):
    """Accepts every connection and never reads or writes: the client waits until its own deadline."""

    def handle(self, conn: socket.socket) -> None:
        self.held.append(conn)


class ResettingServer(_TcpPeer):
    """Accepts and at once resets the connection (RST, not a clean close)."""

    def handle(self, conn: socket.socket) -> None:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()


@contextmanager
def running(peer: _TcpPeer) -> Iterator[_TcpPeer]:
    peer.start()
    try:
        yield peer
    finally:
        peer.stop()
