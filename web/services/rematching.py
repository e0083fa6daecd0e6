"""Minimal-change re-matching of a published event: plan (shown to the organizer), then apply.

:func:`plan` runs :func:`matchmaker.rematch.rematch` on the stored pairs and the
current attendee list and rules: every pair still allowed stays in its round,
only what the change forces is removed or added. Nothing is written. :func:`apply`
writes that plan: the removed Match rows go (with a cancelled calendar entry for
each side), the added ones are explained and get a free table, and everybody whose
partners or times changed gets an updated invitation (:mod:`web.services.change_log`).
Re-running the matching of a published event goes through here, never through the
whole-event optimisation. Functions flush and never commit.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from matchmaker.dayof import email_key, pair_records
from matchmaker.rematch import Rematch, rematch

from ..extensions import db
from ..mail import outbox
from ..models import Attendee, CancelledSlot, Event, EventChange, Match, utcnow
from . import change_log, links
from .engine_adapter import engine_input
from .exceptions import Conflict

__all__ = ["Plan", "apply", "plan"]


@dataclass
class Plan:
    """What applying would change: the engine's :class:`~matchmaker.rematch.Rematch`, the pairs already
    gone with people who left (``departed``), names by e-mail key, and a digest of it all."""

    result: Rematch
    departed: list[dict]
    names: dict[str, str]
    digest: str
    pending: EventChange | None

    @property
    def removed(self) -> list[dict]:
        """Removed pairs, people who left first: ``{"a", "b", "a_name", "b_name", "round", "reason", "code", "params"}``."""
        return self.departed + [
            {"a": p.a, "b": p.b, "a_name": self.names.get(p.a, p.a), "b_name": self.names.get(p.b, p.b),
             "round": p.round, "reason": p.reason, "code": p.code, "params": dict(p.params)}
            for p in self.result.removed]

    @property
    def added(self) -> list[dict]:
        return [{"a": p.a, "b": p.b, "a_name": self.names.get(p.a, p.a), "b_name": self.names.get(p.b, p.b),
                 "round": p.round, "score": round(p.score, 4), "weak": p.weak} for p in self.result.added]

    @property
    def touched(self) -> list[str]:
        """E-mail keys of the people who stay and whose partners or times change."""
        stay = set(self.names)
        people = set(self.result.touched()) | {email_key(e) for e in (self.pending.details.get("touched", [])
                                                                       if self.pending else [])}
        return sorted(people & stay)

    @property
    def changed(self) -> bool:
        return bool(self.result.changed or self.departed)

    def to_dict(self) -> dict:
        return {"removed": self.removed, "added": self.added, "kept": len(self.result.kept),
                "touched": self.touched, "rounds_note": str(self.result.rounds_note),
                "short": [{"email": e, "partners": k, **_coded(why)} for e, k, why in self.result.short],
                "digest": self.digest}


def _coded(reason) -> dict:
    """``{"reason", "code", "params"}`` of an engine Reason, for JSON and for pages in another language."""
    return {"reason": str(reason), "code": getattr(reason, "code", ""), "params": dict(getattr(reason, "params", {}))}


def _previous(event: Event) -> list[tuple[str, str, int]]:
    rows = db.session.execute(select(Match.round, Match.a_id, Match.b_id).where(Match.event_id == event.id))
    emails = dict(db.session.execute(select(Attendee.id, Attendee.email).where(Attendee.event_id == event.id)).all())
    return [(emails[a], emails[b], r) for r, a, b in rows]


def plan(event: Event) -> Plan:
    """The minimal change the current attendee list and rules force on the published pairs.

    Raises
    ------
    Conflict
        When the event is not published (run the ordinary matching then).
    """
    if event.published_at is None:
        raise Conflict(gettext("The event is not published yet: run the matching instead."))
    params = engine_input(event)
    result = rematch(_previous(event), params["attendees"], forbidden=params["forbidden"],
                     pinned=params["pinned"], allow_colleagues=params["allow_colleagues"], seed=params["seed"])
    pending = change_log.pending_change(event)
    departed = list((pending.details or {}).get("removed", [])) if pending else []
    names = {email_key(a.email): a.name for a in params["attendees"]}
    body = json.dumps([departed, result.to_dict()["removed"], result.to_dict()["added"]], sort_keys=True)
    return Plan(result, departed, names, hashlib.sha256(body.encode()).hexdigest()[:16], pending)


def _free_table(used: set[int]) -> int:
    table = 1
    while table in used:
        table += 1
    used.add(table)
    return table


def apply(event: Event, the_plan: Plan, *, source: str) -> EventChange:
    """Write ``the_plan`` (from :func:`plan`, in this transaction) and tell the people it touches.

    Returns the applied :class:`~web.models.EventChange` (the pending attendee change when there is one).
    """
    result = the_plan.result
    rows = {email_key(a.email): a for a in db.session.scalars(select(Attendee).where(Attendee.event_id == event.id))}
    change = the_plan.pending or EventChange(event_id=event.id, kind="pairs", source=source, details={},
                                             notified=[], created_at=utcnow())
    if change.id is None:
        db.session.add(change)
        db.session.flush()
    matches = {(m.a_id, m.b_id): m for m in db.session.scalars(
        select(Match).where(Match.event_id == event.id).options(joinedload(Match.a), joinedload(Match.b)))}
    gone = []
    for p in result.removed:
        a, b = rows[p.a], rows[p.b]
        match = matches.pop((min(a.id, b.id), max(a.id, b.id)))
        for person, partner in ((a, b), (b, a)):
            db.session.add(CancelledSlot(event_id=event.id, attendee_id=person.id, change_id=change.id,
                                         match_id=match.id, round=match.round, partner_name=partner.name))
        gone.append(match)
    change_log.cancel_match_mail([m.id for m in gone])
    for match in gone:
        db.session.delete(match)
    db.session.flush()
    tables: dict[int, set[int]] = {}
    for m in matches.values():
        tables.setdefault(m.round, set()).add(m.table)
    people = list(engine_input(event)["attendees"])
    for pair in pair_records(result.added, people, language=event.language):
        a, b = rows[email_key(pair["a"])], rows[email_key(pair["b"])]
        swap = a.id > b.id
        first, second = ("b", "a") if swap else ("a", "b")
        db.session.add(Match(
            event_id=event.id, a_id=min(a.id, b.id), b_id=max(a.id, b.id), round=pair["round"],
            table=_free_table(tables.setdefault(pair["round"], set())), score=pair["score"], weak=pair["weak"],
            a_helps_b=pair[f"{first}_helps_{second}"], b_helps_a=pair[f"{second}_helps_{first}"],
            a_gives=pair[f"{first}_gives"], b_gives=pair[f"{second}_gives"], shared=pair["shared"],
            questions_for_a=pair[f"questions_for_{first}"], questions_for_b=pair[f"questions_for_{second}"]))
    db.session.flush()
    db.session.expire(event, ["matches"])
    touched = [rows[e] for e in the_plan.touched if e in rows]
    for person in touched:
        links.ensure_link(person)
    details = dict(change.details or {})
    details.update(removed=the_plan.removed, added=the_plan.added, touched=the_plan.touched)
    change.details = details
    change.kind = "attendees" if change.kind == "attendees" else "pairs"
    change.status, change.applied_at = "applied", utcnow()
    stats = dict(event.match_stats or {})
    stats["unmatched"] = [{"email": e, "name": rows[e].name if e in rows else "", **_coded(why)}
                          for e, _, why in result.short]
    stats["pairs"] = len(result.kept) + len(result.added)
    event.match_stats = stats
    event.matched_at = utcnow()
    change_log.send_updates(event, change, touched)
    if event.followups_enabled:
        outbox.schedule_followups(event)
    db.session.flush()
    return change
