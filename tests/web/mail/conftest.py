"""Fixtures of the mail tests: a real SMTP server (aiosmtpd) on loopback (events: :mod:`tests.builders`)."""

from __future__ import annotations

import email
import re
import socket
import threading
from email import policy

import pytest

_MESSAGE_ID = re.compile(rb"^Message-ID: (<[^>]+>)", re.MULTILINE | re.IGNORECASE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """An aiosmtpd handler that records what it accepts and refuses whom it is told to.

    ``rcpt_replies[address]`` and ``data_replies[address]`` are lists of replies
    used one per attempt (e.g. ``["451 4.3.0 try later"]``); an exhausted list means 250.
    ``always[address]`` is a reply given at RCPT every time.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.raw: list[tuple[str, list[str], bytes]] = []
        self._parsed: list[tuple[str, list[str], email.message.EmailMessage]] = []
        self.rcpt_replies: dict[str, list[str]] = {}
        self.data_replies: dict[str, list[str]] = {}
        self.always: dict[str, str] = {}
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            if address in self.always:
                return self.always[address]
            queue = self.rcpt_replies.get(address)
            if queue:
                return queue.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for address in envelope.rcpt_tos:
                queue = self.data_replies.get(address)
                if queue:
                    return queue.pop(0)
            # Parsed later, by the test: the server answers as fast as a real one would.
            self.raw.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[tuple[str, list[str], email.message.EmailMessage]]:
        with self.lock:
            fresh = self.raw[len(self._parsed):]
        self._parsed.extend((f, r, email.message_from_bytes(c, policy=policy.default)) for f, r, c in fresh)
        return list(self._parsed)

    def message_ids(self) -> list[str]:
        """Message-IDs received so far, in order (read from the raw bytes: cheap enough to poll)."""
        with self.lock:
            raw = [c for _, _, c in self.raw]
        return [_MESSAGE_ID.search(c).group(1).decode() for c in raw]

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for _, rcpts, m in self.messages if address in rcpts]


class SMTPServer:
    """A controllable aiosmtpd server: ``stop()`` and ``start()`` simulate an outage."""

    def __init__(self):
        self.port = free_port()
        self.handler = Recorder()
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(app_config, smtp, request):
    """The app, sending to the test SMTP server, with short leases and backoff."""
    app_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_DEFAULT_SENDER="events@matchmaker.test",
                      MAIL_LEASE_SECONDS=5, MAIL_BACKOFF_SECONDS=1, MAIL_BACKOFF_CAP_SECONDS=60,
                      MAIL_TIMEOUT=10)
    return request.getfixturevalue("app")
