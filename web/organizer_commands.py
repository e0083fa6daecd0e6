"""Organizer administration from the command line.

``flask --app wsgi organizers create EMAIL --password PASSWORD [--name NAME]``
``flask --app wsgi organizers token EMAIL [--label LABEL]`` prints a new API token and nothing else.
Each command commits once.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from .extensions import db
from .models import Organizer
from .services import organizers as service
from .services.exceptions import Invalid

__all__ = ["register", "organizers_cli"]

organizers_cli = AppGroup("organizers", help="Create organizer accounts and API tokens.")


@organizers_cli.command("create")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help=f"At least {service.MIN_PASSWORD_LENGTH} characters; asked for when omitted.")
@click.option("--name", default="", help="Display name.")
def create_command(email: str, password: str, name: str) -> None:
    """Create an organizer account for EMAIL."""
    try:
        organizer = service.create_organizer(email, password, name)
    except Invalid as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created organizer {organizer.email} (id {organizer.id}).")


@organizers_cli.command("token")
@click.argument("email")
@click.option("--label", default="", help="What the token is for (shown on the tokens page).")
def token_command(email: str, label: str) -> None:
    """Print a new API token for the organizer EMAIL (only the token goes to standard output)."""
    organizer = db.session.scalar(select(Organizer).where(Organizer.email == service.normalise_email(email)))
    if organizer is None:
        raise click.ClickException(f"No organizer has the address {email}; create one with `organizers create`.")
    token = service.create_api_token(organizer, label)
    db.session.commit()
    click.echo(token)


def register(app: Flask) -> None:
    """Add this module's command groups to ``app`` (other modules register their own)."""
    app.cli.add_command(organizers_cli)
