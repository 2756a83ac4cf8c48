"""Which names the preview answers to: a defence against DNS rebinding.

The preview serves drafts. Any web page can make its visitor's browser send
requests to http://127.0.0.1:8000/, but the browser lets that page read the
answers only when they come from the page's own origin. DNS rebinding gets
around this: the attacker points their own name at 127.0.0.1, so the browser
thinks it is talking to `evil.example` while the request reaches the preview
with `Host: evil.example:8000`. Answering only to the names the preview was
started on defeats it, so every request's Host is checked:

- always accepted: `localhost`, `127.0.0.1` and `[::1]`, on any port (an SSH
  tunnel may forward another port to the preview);
- the `--host` given, when it is a name or a single address;
- with a wildcard `--host` (`0.0.0.0` or `::`) the operator wants colleagues
  on the network to see the preview, by address or by this machine's name.
  Then any IP address is accepted (a rebinding page always arrives under a
  DNS name, never an address) and so is this machine's own name (with or
  without `.local`); every other name is still refused.

The livereload websocket also checks Origin, so a page on another site cannot
open it from a visitor's browser.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from tornado import web

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})


class Guard:
    """The Host and Origin values one running preview accepts."""

    def __init__(self, host: str):
        name = _bare(host)
        self.anywhere = name in WILDCARDS
        self.names = LOOPBACK | {name} - WILDCARDS
        if self.anywhere:
            own = socket.gethostname().lower()
            self.names |= {own, own.split(".")[0] + ".local"}

    def allows_host(self, value: str) -> bool:
        """Whether a Host header (`name`, `name:port`, `[::1]:port`) names this preview."""
        return self._allows(_name_in("//" + value))

    def allows_origin(self, origin: str) -> bool:
        """Whether a websocket's Origin (`http://name:port`) is a page of this preview."""
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and self._allows(_name_in(origin))

    def refusal(self, value: str) -> str:
        """The short plain answer a refused request gets, saying how to get in."""
        names = ", ".join(sorted(self.names))
        extra = " or any IP address" if self.anywhere else ""
        return f"This preview answers only to {names}{extra}; not to Host {value!r}.\n"

    def _allows(self, name: str | None) -> bool:
        if name is None:
            return False
        return name in self.names or (self.anywhere and _is_address(name))


def _bare(host: str) -> str:
    """A host name as compared: lower case, no brackets, no trailing dot."""
    return host.strip().strip("[]").rstrip(".").lower()


def _name_in(url: str) -> str | None:
    """The host name of a URL, or None when it is malformed (a bad port, say)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    return _bare(parts.hostname) if parts.hostname else None


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Guarded(web.RequestHandler):
    """Refuses, before anything else runs, a request whose Host this preview does not answer to.

    The application's `guard` setting holds the policy.
    """

    def prepare(self) -> None:
        guard: Guard = self.settings["guard"]
        host = self.request.headers.get("Host", "127.0.0.1")
        if not guard.allows_host(host):
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(guard.refusal(host))
