"""``flask mail send`` (send what is due, then exit) and ``flask mail worker`` (run until stopped)."""

from __future__ import annotations

import contextlib
import signal

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .sender import Sender

__all__ = ["register"]

mail_cli = AppGroup("mail", help="Send the e-mails of the outbox.")


def _sender(lease: float | None = None):
    app = current_app._get_current_object()
    if lease:
        app.config["MAIL_LEASE_SECONDS"] = lease
    return Sender(app)


@contextlib.contextmanager
def _stop_on_signals(sender):
    """SIGTERM (systemd, docker stop) and Ctrl-C: finish the current message, hand the rest back, exit 0."""
    previous = {sig: signal.signal(sig, sender.request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield sender
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _report(stats) -> None:
    click.echo(f"sent {stats.sent}, retried later {stats.retried}, failed {stats.failed}, skipped {stats.skipped}")


_lease = click.option("--lease", type=float, default=None,
                      help="Seconds a claimed message stays reserved (default: the MAIL_LEASE_SECONDS setting).")


@mail_cli.command("send")
@_lease
def send_command(lease):
    """Send every message due now, then exit."""
    with _stop_on_signals(_sender(lease)) as sender:
        _report(sender.send_due())


@mail_cli.command("worker")
@click.option("--poll", default=5.0, show_default=True, type=float, help="Seconds between looks at the outbox.")
@_lease
def worker_command(poll: float, lease):
    """Send messages as they fall due, until SIGTERM or Ctrl-C."""
    with _stop_on_signals(_sender(lease)) as sender:
        click.echo(f"mail worker {sender.worker_id} started", err=True)
        _report(sender.run(poll=poll))


def register(app: Flask) -> None:
    app.cli.add_command(mail_cli)
