"""Builders for the attendee-page tests: one published event, four people, their matches and links."""

from __future__ import annotations

import datetime as dt
import re

from web.extensions import db
from web.models import Attendee, Event, Match, Organizer, utcnow
from web.services import links

__all__ = ["build_event", "token_of", "csrf_from", "PEOPLE"]

PEOPLE = [
    dict(email="ana@example.org", name="Ana Martin", company="Alpha", role="CTO", language="en",
         offers="Python", needs="Funding", linkedin="https://www.linkedin.com/in/ana"),
    dict(email="ben@example.org", name="Ben Cole", company="Beta", role="Investor", language="fr",
         offers="Funding", needs="Python", linkedin="javascript:alert(1)"),
    dict(email="cleo@example.org", name="Cléo Petit", company="Gamma", role="Designer", language="",
         offers="Design", needs="Sales", linkedin="https://evil.example/linkedin.com"),
    dict(email="dan@example.org", name="Dan Roy", company="Delta", role="Sales", language="en",
         offers="Sales", needs="Design", linkedin=""),
]

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def build_event(*, starts_at=dt.datetime(2026, 10, 25, 18, 0), published=True, people=PEOPLE,
                meeting_point="", edit_until=None, language="en"):
    """Event with everyone matched to everyone (three rounds for four people); returns ``{email: token}``.

    Must run inside an app context.
    """
    organizer = Organizer(email="org@example.org", password_hash="x")
    event = Event(organizer=organizer, name="Demo Day", venue="Halle 9", starts_at=starts_at,
                  timezone="Europe/Paris", language=language, slot_minutes=15,
                  meeting_point=meeting_point, profile_edit_until=edit_until,
                  published_at=utcnow() if published else None, matched_at=utcnow(),
                  match_stats={"unmatched": []})
    db.session.add(event)
    attendees = [Attendee(event=event, **p) for p in people]
    db.session.add_all(attendees)
    db.session.flush()
    rounds = {(0, 1): 1, (2, 3): 1, (0, 2): 2, (1, 3): 2, (0, 3): 3, (1, 2): 3}
    for (i, j), rnd in rounds.items():
        if j >= len(attendees):
            continue
        a, b = attendees[i], attendees[j]
        db.session.add(Match(event=event, a_id=a.id, b_id=b.id, round=rnd, table=i + j,
                             a_helps_b=f"{a.offers} for {b.name}", b_helps_a=f"{b.offers} for {a.name}",
                             a_gives=[f"{a.offers} for {b.name}"], b_gives=[f"{b.offers} for {a.name}"],
                             shared=["AI"], questions_for_a=[f"Ask {b.name} about {b.offers}?"],
                             questions_for_b=[f"Ask {a.name} about {a.offers}?"], weak=False))
    db.session.flush()
    tokens = {a.email: token_of(a) for a in attendees}
    db.session.commit()
    return tokens


def token_of(attendee) -> str:
    return links.link_url(attendee).rsplit("/", 1)[1]


def csrf_from(client, token: str) -> str:
    html = client.get(f"/m/{token}").get_data(as_text=True)
    return _CSRF.search(html).group(1)
