"""Events with attendees and matches written straight to the database (no engine, no upload)."""

from __future__ import annotations

import datetime as dt

__all__ = ["make_event", "PEOPLE"]

PEOPLE = [
    ("Zoé Martin", "Acme"), ("Bob Stone", "Globex"), ("Chen Li", "Initech"),
    ("Dana Ruiz", "Umbrella"), ("Eve Adams", "Hooli"), ("Farid Haddad", "Vandelay"),
]


def make_event(app, organizer_id: int, *, name: str = "Spring meetup", venue: str = "Hall B",
               people=PEOPLE, rounds: int = 3, **fields) -> int:
    """An event whose attendees ``people`` (name, company) meet in ``rounds`` rounds of a circle; returns its id.

    With six people in a circle, rounds 1 and 2 pair neighbours and round 3 pairs opposites,
    so everyone has three partners.
    """
    from web.extensions import db
    from web.models import Attendee, Event, Match

    with app.app_context():
        event = Event(organizer_id=organizer_id, name=name, venue=venue,
                      starts_at=fields.pop("starts_at", dt.datetime(2026, 6, 11, 18, 30)),
                      meeting_point=fields.pop("meeting_point", "Table {table}"), **fields)
        db.session.add(event)
        attendees = [
            Attendee(event=event, email=f"p{k}@example.org", name=person, company=company,
                     offers="advice", needs="customers")
            for k, (person, company) in enumerate(people)
        ]
        db.session.add_all(attendees)
        db.session.flush()
        n = len(attendees)
        plan = [(k, (k + 1) % n, 1 + k % 2) for k in range(n)] + [(k, k + n // 2, 3) for k in range(n // 2)]
        for k, (i, j, r) in enumerate(plan[: n * rounds // 2]):
            a, b = sorted((attendees[i], attendees[j]), key=lambda x: x.id)
            db.session.add(Match(event=event, a=a, b=b, round=r, table=k + 1, score=round(0.9 - 0.1 * k, 2),
                                 a_helps_b=f"{a.name} knows customers", b_helps_a=(f"{b.name} advises" if k % 2 else ""),
                                 shared=["climate"], weak=k == 0))
        event.matched_at = dt.datetime(2026, 6, 1)
        event.match_stats = {"pairs": len(plan), "unmatched": [{"email": "ghost@example.org", "reason": "no consent"}]}
        db.session.commit()
        return event.id
