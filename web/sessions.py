"""Organizer sessions that sign-out really ends.

A Flask session lives in a signed cookie: signing out on one browser cannot
erase a copy of that cookie held elsewhere. So the user id kept in the
session is ``"<organizer id>:<session generation>"``
(:meth:`web.models.Organizer.get_id`), the loader below checks the generation
on every request, and signing out bumps it
(:func:`web.services.organizers.end_sessions`): every cookie issued before,
on any device, stops opening the portal at once.
"""

from __future__ import annotations

from flask import Flask

from .extensions import db, login_manager
from .models import Organizer

__all__ = ["init_app", "load_organizer"]


def load_organizer(user_id: str) -> Organizer | None:
    """The organizer of a session's user id, or None when it names nobody or an ended generation.

    Ids without a generation (sessions from before generations existed) are refused.
    """
    organizer_id, sep, generation = str(user_id).partition(":")
    if not sep or not organizer_id.isdigit() or not generation.isdigit():
        return None
    organizer = db.session.get(Organizer, int(organizer_id)) if int(organizer_id) < 2**31 else None
    if organizer is None or (organizer.session_generation or 0) != int(generation):
        return None
    return organizer


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_organizer)
