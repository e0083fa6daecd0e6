"""Profile completeness for the organizer's event page, and the weak matches the profiles would give.

The estimate scores the current profiles with the engine's
:func:`~matchmaker.scoring.score_candidates` and takes the best candidate pairs
first while both people have a free slot (a greedy pass, no full matching):
the share of weak pairs among them is close to what a matching would give
now. It is kept per event until a profile changes, and skipped above
``PROFILE_ESTIMATE_MAX`` attendees.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..models import Attendee, Event, OutboxMessage, Wish
from .engine_adapter import engine_attendee

__all__ = ["Completeness", "completeness", "weak_share"]

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 64


@dataclass
class Completeness:
    total: int
    completed: int  # offers and needs both filled
    opened: int  # opened their page
    empty: int  # neither offers nor needs
    listed: int  # agreed to appear in the guest list
    wishes: int
    invited: int  # invitations sent
    weak_share: float | None  # None: not estimated (too many attendees, or fewer than four)


def _filled(column):
    return func.length(func.trim(func.coalesce(column, ""))) > 0


def completeness(event: Event) -> Completeness:
    """The event's profile figures (a few aggregate queries, plus the cached estimate)."""
    base = select(func.count()).select_from(Attendee).where(Attendee.event_id == event.id)
    total = db.session.scalar(base)
    completed = db.session.scalar(base.where(_filled(Attendee.offers), _filled(Attendee.needs)))
    empty = db.session.scalar(base.where(~_filled(Attendee.offers), ~_filled(Attendee.needs)))
    opened = db.session.scalar(base.where(Attendee.first_opened_at.is_not(None)))
    listed = db.session.scalar(base.where(Attendee.listed.is_(True)))
    wishes = db.session.scalar(select(func.count()).select_from(Wish).where(Wish.event_id == event.id))
    invited = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.event_id == event.id, OutboxMessage.kind == "profile_invite", OutboxMessage.status == "sent"))
    return Completeness(total, completed, opened, empty, listed, wishes, invited, weak_share(event, total))


def weak_share(event: Event, total: int | None = None) -> float | None:
    """Share of weak pairs among the best candidate pairs of the current profiles (None when not estimated)."""
    from matchmaker.scoring import score_candidates

    if total is None:
        total = db.session.scalar(select(func.count()).select_from(Attendee).where(Attendee.event_id == event.id))
    if total < 4 or total > current_app.config["PROFILE_ESTIMATE_MAX"]:
        return None
    stamp = db.session.scalar(select(func.max(Attendee.updated_at)).where(Attendee.event_id == event.id))
    key = (event.id, total, stamp, event.allow_colleagues)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    rows = db.session.scalars(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id)).all()
    cand = score_candidates([engine_attendee(r) for r in rows], allow_colleagues=event.allow_colleagues,
                            seed=event.seed)
    share = _greedy_weak_share(cand)
    _CACHE[key] = share
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return share


def _greedy_weak_share(cand, degree: int = 3) -> float:
    """Weak share among the pairs a greedy pass takes (best first while both ends have a free slot).

    >>> from types import SimpleNamespace
    >>> cand = SimpleNamespace(n=4, i=np.array([0, 0, 1]), j=np.array([1, 2, 3]),
    ...                        score=np.array([3.0, 2.0, 1.0]), weak=np.array([False, True, True]))
    >>> round(_greedy_weak_share(cand, degree=2), 2)
    0.67
    """
    free = np.full(int(cand.n), degree)
    taken = weak = 0
    for e in np.lexsort((cand.j, cand.i, -np.asarray(cand.score))).tolist():
        a, b = int(cand.i[e]), int(cand.j[e])
        if free[a] and free[b]:
            free[a] -= 1
            free[b] -= 1
            taken += 1
            weak += bool(cand.weak[e])
    return weak / taken if taken else 0.0
