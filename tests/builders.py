"""Builders of test data: organizers' events, attendees and matches, written straight to the database.

One module for every suite (web, API, mail, browser). Each builder says what
shape of event it makes; none runs the engine, so tests stay fast and exact.

- :func:`linked_event`: four people matched to everyone, with page links (attendee pages);
- :func:`circle_event`: six people in a circle of three rounds (organizer pages, exports);
- :func:`bare_event`: an event with no attendee yet (uploads, matching);
- :func:`mail_event`: ``n`` people, three rounds, published with its e-mails queued (mail);
- :func:`attendee_csv`, :func:`import_people`, :func:`count_attendees`: attendee files and rows.
"""

from __future__ import annotations

import datetime as dt
import io

from web.extensions import db
from web.models import Attendee, Event, Match, Organizer, utcnow
from web.services import links

__all__ = [
    "LINKED_PEOPLE", "CIRCLE_PEOPLE", "linked_event", "token_of", "circle_event", "bare_event", "circle_pairs",
    "mail_event", "attendee_csv", "import_people", "count_attendees", "DAYOF_TOPICS", "dayof_event",
]

# -- attendee pages ---------------------------------------------------------------------------------
LINKED_PEOPLE = [
    dict(email="ana@example.org", name="Ana Martin", company="Alpha", role="CTO", language="en",
         offers="Python", needs="Funding", linkedin="https://www.linkedin.com/in/ana"),
    dict(email="ben@example.org", name="Ben Cole", company="Beta", role="Investor", language="fr",
         offers="Funding", needs="Python", linkedin="javascript:alert(1)"),
    dict(email="cleo@example.org", name="Cléo Petit", company="Gamma", role="Designer", language="",
         offers="Design", needs="Sales", linkedin="https://evil.example/linkedin.com"),
    dict(email="dan@example.org", name="Dan Roy", company="Delta", role="Sales", language="en",
         offers="Sales", needs="Design", linkedin=""),
]


def linked_event(*, starts_at=dt.datetime(2026, 10, 25, 18, 0), published=True, people=LINKED_PEOPLE,
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
    return links.link_url(links.ensure_link(attendee)).rsplit("/", 1)[1]


# -- organizer pages --------------------------------------------------------------------------------
CIRCLE_PEOPLE = [
    ("Zoé Martin", "Acme"), ("Bob Stone", "Globex"), ("Chen Li", "Initech"),
    ("Dana Ruiz", "Umbrella"), ("Eve Adams", "Hooli"), ("Farid Haddad", "Vandelay"),
]


def circle_event(app, organizer_id: int, *, name: str = "Spring meetup", venue: str = "Hall B",
               people=CIRCLE_PEOPLE, rounds: int = 3, **fields) -> int:
    """An event whose attendees ``people`` (name, company) meet in ``rounds`` rounds of a circle; returns its id.

    With six people in a circle, rounds 1 and 2 pair neighbours and round 3 pairs opposites,
    so everyone has three partners.
    """
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
                                 a_helps_b=f"{a.name} knows customers",
                                 b_helps_a=(f"{b.name} advises" if k % 2 else ""),
                                 shared=["climate"], weak=k == 0))
        event.matched_at = dt.datetime(2026, 6, 1)
        event.match_stats = {"pairs": len(plan), "unmatched": [{"email": "ghost@example.org", "reason": "no consent"}]}
        db.session.commit()
        return event.id


# -- uploads and matching -------------------------------------------------------------------------
def bare_event(app, organizer_id: int, name: str = "Soirée test", language: str = "fr") -> int:
    with app.app_context():
        event = Event(organizer_id=organizer_id, name=name, starts_at=dt.datetime(2030, 5, 1, 18, 30),
                      timezone="Europe/Paris", language=language)
        db.session.add(event)
        db.session.commit()
        return event.id


def attendee_csv(n: int, *, seed: int = 1, separator: str = ";", encoding: str = "utf-8") -> bytes:
    from matchmaker.synthetic import generate_event, to_csv

    return to_csv(generate_event(n, seed=seed).attendees, separator=separator, encoding=encoding)


def count_attendees(app, event_id: int) -> int:
    from sqlalchemy import func, select

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Attendee).where(Attendee.event_id == event_id))


def import_people(app, event_id: int, data: bytes) -> None:
    """Import ``data`` through the service, committed (set-up for matching tests)."""
    from web.services.imports import apply_import

    with app.app_context():
        apply_import(db.session.get(Event, event_id), data)
        db.session.commit()


# -- mail --------------------------------------------------------------------------------------------
def circle_pairs(n: int, rounds: int = 3) -> list[tuple[int, int, int]]:
    """(round, i, j) for ``rounds`` rounds of the circle method over n (even) people."""
    others = list(range(1, n))
    pairs = []
    for r in range(rounds):
        rot = others[r:] + others[:r]
        pairs.append((r + 1, 0, rot[0]))
        pairs.extend((r + 1, rot[k], rot[-k]) for k in range(1, n // 2))
    return pairs


def mail_event(app, n: int = 4, *, languages=("en",), starts_at=dt.datetime(2026, 6, 11, 18, 0),
               ends_at=dt.datetime(2026, 6, 11, 21, 0), timezone="Europe/Paris", bundle=False,
               names=None, publish=True, organizer_email="org@example.org") -> int:
    """An event of ``n`` attendees, three rounds of matches, published (invitations and follow-ups queued)."""
    from web.services.publishing import publish as publish_event

    with app.app_context():
        organizer = db.session.query(Organizer).filter_by(email=organizer_email).one_or_none()
        if organizer is None:
            organizer = Organizer(email=organizer_email, name="Camille Org", password_hash="x")
            db.session.add(organizer)
        event = Event(organizer=organizer, name="Tech & Co <Meetup>", starts_at=starts_at, ends_at=ends_at,
                      timezone=timezone, language="en", bundle_nudges=bundle, venue="La Halle",
                      meeting_point="Table {table}")
        db.session.add(event)
        people = []
        for i in range(n):
            name = names[i] if names and i < len(names) else f"Person {i}"
            people.append(Attendee(event=event, email=f"p{i}@example.org", name=name, company=f"Company {i}",
                                   role="Founder", offers=f"offer {i}", needs=f"need {i}",
                                   linkedin=f"https://www.linkedin.com/in/p{i}",
                                   language=languages[i % len(languages)]))
        db.session.add_all(people)
        db.session.flush()
        for rnd, i, j in circle_pairs(n):
            a, b = sorted((people[i], people[j]), key=lambda p: p.id)
            db.session.add(Match(event=event, a_id=a.id, b_id=b.id, round=rnd, table=i + 1,
                                 a_helps_b=f"{a.name} helps with {b.needs}", b_helps_a=f"{b.name} helps with {a.needs}",
                                 a_gives=[b.needs], b_gives=[a.needs],
                                 shared=["climate"]))
        db.session.flush()
        db.session.refresh(event)
        if publish:
            publish_event(event)
        db.session.commit()
        return event.id


# -- event day ---------------------------------------------------------------------------------------
#: Offers and needs that make every pair worth something to the engine (re-pairing scores real text).
DAYOF_TOPICS = ["fundraising", "hiring engineers", "enterprise sales", "product design", "cloud costs", "legal advice"]


def dayof_event(app, n: int = 12, *, starts_at=None, organizer_id: int | None = None, companies=None,
                published=True) -> int:
    """An event of ``n`` (even) attendees in three circle rounds, published with page links; returns its id.

    ``starts_at`` defaults to one hour from now in Paris (the event day, before round 1);
    ``companies[i]`` gives attendee i a company (colleagues), otherwise each has their own.
    """
    from zoneinfo import ZoneInfo

    from web.services.publishing import publish as publish_event

    if starts_at is None:
        now = dt.datetime.now(ZoneInfo("Europe/Paris")).replace(tzinfo=None, second=0, microsecond=0)
        later = now + dt.timedelta(hours=1)
        starts_at = later if later.date() == now.date() else now  # the event day, whatever the hour
    with app.app_context():
        if organizer_id is None:
            organizer = Organizer(email="day@example.org", name="Day Org", password_hash="x")
            db.session.add(organizer)
            db.session.flush()
            organizer_id = organizer.id
        event = Event(organizer_id=organizer_id, name="Event day", starts_at=starts_at, timezone="Europe/Paris",
                      language="en", slot_minutes=15, meeting_point="Table {table}", venue="Hall")
        db.session.add(event)
        people = []
        for i in range(n):
            company = companies[i] if companies and i < len(companies) and companies[i] else f"Company {i}"
            people.append(Attendee(event=event, email=f"d{i}@example.org", name=f"Day Person {i}", company=company,
                                   offers=DAYOF_TOPICS[i % len(DAYOF_TOPICS)],
                                   needs=DAYOF_TOPICS[(i + 1) % len(DAYOF_TOPICS)], language="en"))
        db.session.add_all(people)
        db.session.flush()
        tables: dict[int, int] = {}
        for rnd, i, j in circle_pairs(n):
            a, b = sorted((people[i], people[j]), key=lambda p: p.id)
            tables[rnd] = tables.get(rnd, 0) + 1
            db.session.add(Match(event=event, a_id=a.id, b_id=b.id, round=rnd, table=tables[rnd], score=0.5,
                                 a_helps_b=f"{a.offers}", b_helps_a=f"{b.offers}", a_gives=[a.offers],
                                 b_gives=[b.offers], shared=[]))
        db.session.flush()
        db.session.refresh(event)
        if published:
            publish_event(event)
        db.session.commit()
        return event.id


def workbook(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx file from {sheet name: rows}; rows may hold dates, numbers, booleans and None."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
