"""Where messages go: an SMTP server (one connection reused) or the console.

Failures are classified by reply code: 4xx and network errors are
:class:`Transient` (retry later), 5xx are :class:`Permanent` (give up and
suppress the address). A 4xx may come after DATA (``SMTPDataError``), not
only at RCPT; both are handled the same way.
"""

from __future__ import annotations

import smtplib
import ssl
import sys
from email.message import EmailMessage

__all__ = ["Transient", "Permanent", "SMTPBackend", "ConsoleBackend", "backend_from_config"]


class Transient(Exception):
    """Try again later. ``connection`` is True when the server could not be reached at all."""

    def __init__(self, message: str, *, connection: bool = False):
        super().__init__(message)
        self.connection = connection


class Permanent(Exception):
    """The server refused the message for good (5xx)."""


def _classify(code: int, text) -> Exception:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    message = f"{code} {text}".strip()
    return Permanent(message) if 500 <= code < 600 else Transient(message)


class SMTPBackend:
    """Send through one SMTP connection, opened on first use and reopened when the server drops it."""

    def __init__(self, host: str, port: int | None = None, *, use_tls: bool = False, use_ssl: bool = False,
                 username: str = "", password: str = "", timeout: float = 30.0):
        self.host, self.use_tls, self.use_ssl = host, use_tls, use_ssl
        self.port = port or (465 if use_ssl else 587 if use_tls else 25)
        self.username, self.password, self.timeout = username, password, timeout
        self._conn: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        if self._conn is None:
            if self.use_ssl:
                conn = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                        context=ssl.create_default_context())
            else:
                conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.use_tls:
                    conn.starttls(context=ssl.create_default_context())
            if self.username:
                conn.login(self.username, self.password)
            self._conn = conn
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.quit()
            except (smtplib.SMTPException, OSError):
                self._conn.close()
            self._conn = None

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def send(self, msg: EmailMessage, sender: str, recipients: list[str]) -> None:
        """Deliver ``msg`` to ``recipients`` (the envelope; headers never add any).

        Raises
        ------
        Transient, Permanent
        """
        for attempt in (1, 2):
            try:
                self._open().send_message(msg, from_addr=sender, to_addrs=recipients)
                return
            except smtplib.SMTPServerDisconnected as exc:
                # An idle connection the server closed: reopen once, then give up for now.
                self._drop()
                if attempt == 2:
                    raise Transient(f"server disconnected: {exc}", connection=True) from exc
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = min(exc.recipients.values(), key=lambda r: r[0])
                raise _classify(code, text) from exc
            except smtplib.SMTPResponseException as exc:  # sender refused, data error, helo, auth
                if exc.smtp_code == 421:
                    self._drop()
                raise _classify(exc.smtp_code, exc.smtp_error) from exc
            except (OSError, smtplib.SMTPException) as exc:  # refused, reset, timeout, TLS
                self._drop()
                raise Transient(f"{type(exc).__name__}: {exc}", connection=True) from exc


class ConsoleBackend:
    """Print each message instead of sending it (development, when ``MAIL_SERVER`` is empty)."""

    def __init__(self, stream=None):
        self.stream = stream

    def send(self, msg: EmailMessage, sender: str, recipients: list[str]) -> None:
        # What a developer reads: the headers that matter and the text part,
        # not the HTML twin or a base64 calendar file.
        stream = self.stream or sys.stdout
        lines = [f"---------- mail from {sender} to {', '.join(recipients)}"]
        lines += [f"{name}: {msg[name]}" for name in ("Subject", "Message-ID", "List-Unsubscribe") if msg[name]]
        text = msg.get_body(("plain",))
        lines += ["", text.get_content().rstrip() if text is not None else "(no text part)"]
        lines += [f"[attachment: {part.get_filename() or part.get_content_type()}]" for part in msg.iter_attachments()]
        stream.write("\n".join(lines) + "\n\n")
        stream.flush()

    def close(self) -> None:
        pass


def backend_from_config(config) -> SMTPBackend | ConsoleBackend:
    """The backend the Flask-Mail style settings ask for (console when ``MAIL_SERVER`` is empty)."""
    if not config["MAIL_SERVER"]:
        return ConsoleBackend()
    return SMTPBackend(config["MAIL_SERVER"], config["MAIL_PORT"], use_tls=bool(config["MAIL_USE_TLS"]),
                       use_ssl=bool(config["MAIL_USE_SSL"]), username=config["MAIL_USERNAME"] or "",
                       password=config["MAIL_PASSWORD"] or "", timeout=float(config["MAIL_TIMEOUT"]))
