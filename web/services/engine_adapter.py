"""The engine adapter: database rows in, :func:`matchmaker.match_event` input out, and back.

:func:`engine_attendee` is the one translation of an attendee row into the
engine's :class:`matchmaker.Attendee`; :func:`apply_result` stores a result as
Match rows and :func:`match_json` rebuilds the engine's JSON shape from them.
Functions flush and never commit.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import joinedload

import matchmaker

from ..extensions import db
from ..models import Attendee, Event, Match, PairRule, utcnow
from .guest_list import engine_wishes

__all__ = ["apply_result", "engine_attendee", "engine_input", "match_json"]


def engine_attendee(row: Attendee) -> matchmaker.Attendee:
    """The engine's view of one attendee row (the one place that maps columns to profile fields).

    The organizer's topics the attendee ticked join their offers and needs, one item each.
    """
    def with_topics(text: str | None, topics: list[str] | None) -> str:
        return "\n".join(part for part in (text or "", *(topics or ())) if part)

    return matchmaker.Attendee(
        email=row.email, name=row.name, company=row.company or "", role=row.role or "", bio=row.bio or "",
        offers=with_topics(row.offers, row.offer_topics), needs=with_topics(row.needs, row.need_topics),
        interests=row.interests or "",
        linkedin=row.linkedin or "", language=row.language or "", consent=row.consent,
    )


def engine_input(event: Event) -> dict:
    """Keyword arguments of :func:`matchmaker.match_event` for ``event`` (attendees, rules, seed)."""
    # Opted-out attendees stay: they opted out of e-mails, not of the event.
    rows = db.session.scalars(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id))
    rules = db.session.scalars(select(PairRule).where(PairRule.event_id == event.id).order_by(PairRule.id))
    pinned, forbidden = [], []
    for rule in rules:
        (pinned if rule.kind == "pin" else forbidden).append((rule.a.email, rule.b.email))

    return dict(attendees=[engine_attendee(row) for row in rows], seed=event.seed,
                allow_colleagues=event.allow_colleagues, pinned=pinned, forbidden=forbidden,
                language=event.language, glossary=event.glossary or "", wishes=engine_wishes(event))


def apply_result(event: Event, result: dict) -> None:
    """Replace the event's Match rows by the engine's ``result``; flushes.

    A pair that was already matched keeps its row (and the notes attendees
    wrote about it); pairs no longer chosen are deleted. Tables are numbered
    1..N within each round, in the engine's order.
    """
    ids = {email: id_ for email, id_ in db.session.execute(
        select(Attendee.email, Attendee.id).where(Attendee.event_id == event.id))}
    old = {(m.a_id, m.b_id): m for m in db.session.scalars(select(Match).where(Match.event_id == event.id))}
    tables: dict[int, int] = defaultdict(int)
    kept = set()
    for pair in result["pairs"]:
        a, b = ids[pair["a"]], ids[pair["b"]]
        swap = a > b
        key = (b, a) if swap else (a, b)
        tables[pair["round"]] += 1
        values = dict(
            round=pair["round"], table=tables[pair["round"]], score=float(pair["score"]), weak=bool(pair["weak"]),
            a_helps_b=pair["b_helps_a"] if swap else pair["a_helps_b"],
            b_helps_a=pair["a_helps_b"] if swap else pair["b_helps_a"],
            a_gives=list(pair.get("b_gives" if swap else "a_gives", [])),
            b_gives=list(pair.get("a_gives" if swap else "b_gives", [])),
            shared=list(pair.get("shared", [])),
            questions_for_a=list(pair["questions_for_b"] if swap else pair["questions_for_a"]),
            questions_for_b=list(pair["questions_for_a"] if swap else pair["questions_for_b"]),
            dissolved_at=None,  # a pair dissolved on the event day and chosen again is current again
        )
        match = old.get(key)
        if match is None:
            db.session.add(Match(event_id=event.id, a_id=key[0], b_id=key[1], **values))
        else:
            for name, value in values.items():
                setattr(match, name, value)
        kept.add(key)
    for key, match in old.items():
        if key not in kept:
            db.session.delete(match)
    event.match_stats = dict(result["stats"], unmatched=list(result.get("unmatched", [])),
                             rejected_rows=list(result.get("rejected_rows", [])))
    event.matched_at = utcnow()
    db.session.flush()
    db.session.expire(event, ["matches"])


def match_json(event: Event) -> dict:
    """The engine's JSON shape rebuilt from the stored Match rows (e-mails as ids)."""
    matches = db.session.scalars(
        select(Match).where(Match.event_id == event.id, Match.dissolved_at.is_(None))
        .order_by(Match.round, Match.table, Match.id)
        .options(joinedload(Match.a), joinedload(Match.b))).all()
    partners: dict[int, list[tuple[int, str]]] = defaultdict(list)
    pairs = []
    for m in matches:
        partners[m.a_id].append((m.round, m.b.email))
        partners[m.b_id].append((m.round, m.a.email))
        pairs.append({
            "a": m.a.email, "b": m.b.email, "round": m.round, "table": m.table, "score": m.score, "weak": m.weak,
            "a_helps_b": m.a_helps_b, "b_helps_a": m.b_helps_a,
            "a_gives": list(m.a_gives or []), "b_gives": list(m.b_gives or []), "shared": list(m.shared or []),
            "questions_for_a": list(m.questions_for_a or []), "questions_for_b": list(m.questions_for_b or []),
        })
    stats = dict(event.match_stats or {})
    unmatched = stats.pop("unmatched", [])
    rejected = stats.pop("rejected_rows", [])
    attendees = db.session.scalars(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id))
    return {
        "attendees": [{"email": a.email, "name": a.name, "partners": [e for _, e in sorted(partners[a.id])]}
                      for a in attendees],
        "pairs": pairs, "unmatched": unmatched, "rejected_rows": rejected, "stats": stats,
    }
