"""The organizer's live screen: the current round, a countdown, who is here, the re-pairing status, the tables.

:func:`live_state` reads everything the screen shows in a handful of queries;
it writes nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Attendee, Event, Match, utcnow
from .attendee import meeting_point
from .checkin import presence_counts
from .events import round_start
from .repairs import event_rounds

__all__ = ["live_state"]


def live_state(event: Event, query: str = "", now: dt.datetime | None = None, *, limit: int = 200) -> dict:
    """What the live screen shows at ``now`` (naive UTC).

    Returns
    -------
    dict
        ``rounds``, ``current`` (the round under way, or None), ``shown`` (the round whose tables
        are listed: the current one, else the next, else the last), ``countdown_to`` (aware
        datetime: the end of the current round or the start of the next; None after the last),
        ``seconds_left``, ``counts`` (see :func:`~web.services.checkin.presence_counts`),
        ``repairs`` (``Event.repairs``), ``repair_round`` (the next round to start, else the shown
        one), ``tables`` (``[{"table", "place", "a", "b", "a_presence",
        "b_presence", "repaired"}]`` of the shown round matching ``query``) and ``more``.
    """
    now = now or utcnow()
    aware = now.replace(tzinfo=dt.timezone.utc)
    rounds = event_rounds(event)
    slot = dt.timedelta(minutes=event.slot_minutes or 15)
    starts = {r: round_start(event, r) for r in rounds}
    current = next((r for r in rounds if starts[r] <= aware < starts[r] + slot), None)
    upcoming = next((r for r in rounds if starts[r] > aware), None)
    shown = current or upcoming or (rounds[-1] if rounds else None)
    countdown_to = (starts[current] + slot) if current else (starts[upcoming] if upcoming else None)
    tables = []
    more = 0
    if shown is not None:
        a, b = aliased(Attendee), aliased(Attendee)
        stmt = (select(Match, a, b).join(a, a.id == Match.a_id).join(b, b.id == Match.b_id)
                .where(Match.event_id == event.id, Match.round == shown, Match.dissolved_at.is_(None)))
        for word in (query or "").strip().lower().split()[:5]:
            like = f"%{word.replace('%', '').replace('_', '')}%"
            stmt = stmt.where(or_(func.lower(a.name).like(like), func.lower(b.name).like(like),
                                  func.lower(a.email).like(like), func.lower(b.email).like(like)))
        rows = db.session.execute(stmt.order_by(Match.table, Match.id).limit(limit + 1)).all()
        more = max(0, len(rows) - limit)
        for m, pa, pb in rows[:limit]:
            tables.append(dict(table=m.table, place=meeting_point(event, m), a=pa.name, b=pb.name,
                               a_presence=pa.presence, b_presence=pb.presence, repaired=m.repaired_at is not None))
    return dict(
        rounds=rounds, current=current, shown=shown, countdown_to=countdown_to,
        seconds_left=int((countdown_to - aware).total_seconds()) if countdown_to else None,
        counts=presence_counts(event), repairs=event.repairs or {},
        # The round to re-pair is the next one to start (the one under way is too late to change).
        repair_round=upcoming or shown,
        tables=tables, more=more, now=aware,
    )
