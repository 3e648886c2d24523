"""The health and metrics endpoint's listen address, as the operator writes it: loopback unless another
interface is named. A module of its own, below both the config (which checks it) and `bot.ops` (which binds it)."""

from __future__ import annotations

import ipaddress

from bot.core.errors import CommuniqueError

DEFAULT_PORT = 9464
LOOPBACK = "127.0.0.1"


class ListenError(CommuniqueError):
    """The endpoint's address is malformed or cannot be bound."""


def parse_listen(value: str) -> tuple[str, int]:
    """`"127.0.0.1:9464"`, `"[::1]:9464"`, `"0.0.0.0:9464"`, `"localhost:9464"`, or a port alone (`"9464"`,
    `":9464"`), which listens on loopback: another interface only when the operator names it."""
    text = value.strip()
    host, sep, port_text = text.rpartition(":")
    if not sep:
        host, port_text = "", text
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    host = host or LOOPBACK
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ListenError(f"listen address {value!r}: the port must be a number from 1 to 65535, e.g. "
                          f"\"127.0.0.1:{DEFAULT_PORT}\"")
    if host != "localhost":
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise ListenError(
                f"listen address {value!r}: give an IP address (\"127.0.0.1\", \"0.0.0.0\", \"[::1]\") or "
                "\"localhost\", then a colon and the port"
            ) from None
    return host, int(port_text)


def is_loopback(host: str) -> bool:
    return host == "localhost" or ipaddress.ip_address(host).is_loopback
