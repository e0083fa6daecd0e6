"""Re-pairing a round on the event day, around the people who did not come.

:func:`repair_round` runs :func:`matchmaker.no_shows.repair_round` on the stored
pairs and the check-in data, then writes what it decided: the pairs of the round
with an absent person get ``dissolved_at`` (kept as history, never deleted), the
new pairs are stored with their reasons like every other match (``repaired_at``
set, tables freed by the dissolved pairs reused first), the event remembers what
the repair did (``Event.repairs``, shown on the live screen), the people whose
partner changed and who asked for it get a short e-mail through the outbox, and a
walk-in paired for the first time gets the invitation everybody got at publishing
(their private link, their conversations and the calendar file).

Everybody not marked present counts as absent, so nothing runs before check-in
is in use. :func:`due_repairs` and :func:`run_due_repairs` are the worker's side:
each round is repaired once, automatically, ``Event.repair_minutes`` before it starts.
Functions flush and never commit.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload, load_only
from sqlalchemy.orm.attributes import set_committed_value

from matchmaker.dayof import key_of, pair_records
from matchmaker.no_shows import RoundRepair
from matchmaker.no_shows import repair_round as engine_repair

from ..extensions import db
from ..mail import schedule
from ..mail.outbox import insert_missing, outbox_key
from ..models import Attendee, Event, Match, OutboxMessage, PairRule, utcnow
from .checkin import check_in_used
from .engine_adapter import engine_attendee
from .events import round_start
from .exceptions import Conflict, Invalid

__all__ = ["repair_round", "event_rounds", "due_repairs", "run_due_repairs", "walk_in_mailed", "PARTNER_CHANGE"]

#: The outbox kind of the short e-mail telling an attendee their partner changed.
PARTNER_CHANGE = "partner_change"


def event_rounds(event: Event) -> list[int]:
    """The rounds that hold at least one current pair, in order (one query)."""
    return sorted(db.session.scalars(select(Match.round).where(
        Match.event_id == event.id, Match.dissolved_at.is_(None)).distinct()))


def _pair_values(record: dict, swap: bool) -> dict:
    # The engine's record is from its a's side; the row's a is the smaller id.
    def side(name_a: str, name_b: str):
        return record[name_b] if swap else record[name_a]

    return dict(
        round=record["round"], score=float(record["score"]), weak=bool(record["weak"]),
        a_helps_b=side("a_helps_b", "b_helps_a"), b_helps_a=side("b_helps_a", "a_helps_b"),
        a_gives=list(side("a_gives", "b_gives")), b_gives=list(side("b_gives", "a_gives")),
        shared=list(record["shared"]),
        questions_for_a=list(side("questions_for_a", "questions_for_b")),
        questions_for_b=list(side("questions_for_b", "questions_for_a")),
    )


def repair_round(event: Event, round_number: int, now: dt.datetime | None = None, *,
                 trigger: str = "organizer") -> RoundRepair:
    """Re-pair round ``round_number`` of ``event`` around its absent people; flushes.

    Raises
    ------
    Conflict
        Before publishing, or before anybody was checked in.
    Invalid
        When the round holds no pair.
    """
    now = now or utcnow()
    if event.published_at is None:
        raise Conflict(gettext("Publish the matches before re-pairing a round."))
    if not check_in_used(event):
        raise Conflict(gettext("Check people in first: re-pairing treats everybody not checked in as absent."))
    rounds = event_rounds(event)
    if round_number not in rounds:
        raise Invalid(gettext("This event has no round %(n)d.", n=round_number), field="round")
    people = list(db.session.scalars(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id)))
    by_email = {a.email: a for a in people}
    # Only the columns the repair reads: the reasons (JSON) of 15,000 pairs cost more to load than the engine.
    rows = list(db.session.scalars(select(Match).where(Match.event_id == event.id).options(
        load_only(Match.id, Match.a_id, Match.b_id, Match.round, Match.table, Match.dissolved_at))))
    email_of = {a.id: a.email for a in people}
    current = [m for m in rows if m.dissolved_at is None]
    rules = db.session.scalars(select(PairRule).where(PairRule.event_id == event.id, PairRule.kind == "forbid")
                               .options(joinedload(PairRule.a), joinedload(PairRule.b)))
    engine_people = [engine_attendee(a) for a in people]
    fix = engine_repair([(email_of[m.a_id], email_of[m.b_id], m.round) for m in current], round_number, engine_people,
                        [a.email for a in people if a.presence == "present"],
                        forbidden=[(r.a.email, r.b.email) for r in rules],
                        allow_colleagues=event.allow_colleagues, seed=event.seed)
    in_round = {key_of((email_of[m.a_id], email_of[m.b_id])): m for m in current if m.round == round_number}
    freed = []
    for pair in fix.dissolved:
        match = in_round[key_of(pair)]
        match.dissolved_at = now
        freed.append(match.table)
    any_row = {(m.a_id, m.b_id): m for m in rows}
    taken = {m.table for m in current if m.round == round_number and m.dissolved_at is None}
    freed = sorted(set(freed) - taken)
    next_table = max(taken | set(freed) | {0}) + 1
    created_ids = []
    for record in pair_records(fix.created, engine_people, language=event.language):
        a, b = by_email[record["a"]].id, by_email[record["b"]].id
        swap = a > b
        key = (b, a) if swap else (a, b)
        if freed:
            table = freed.pop(0)
        else:
            table, next_table = next_table, next_table + 1
        values = dict(_pair_values(record, swap), table=table, repaired_at=now, dissolved_at=None)
        match = any_row.get(key)
        if match is None:  # a dissolved pair that meets again after all keeps its row (one row per pair)
            match = Match(event_id=event.id, a_id=key[0], b_id=key[1])
            db.session.add(match)
        for name, value in values.items():
            setattr(match, name, value)
        created_ids.append(match)
    db.session.flush()
    # The event's current pairs are known: the schedule (rounds_of) reads them without reloading every
    # pair's reasons.
    set_committed_value(event, "matches", sorted(
        [m for m in current if m.dissolved_at is None] + created_ids, key=lambda m: (m.round, m.id)))
    _remember(event, fix, now, trigger)
    _notify(event, fix, by_email, created_ids, in_round, now)
    if fix.created:
        _queue_followups(event, created_ids)
        _invite_walk_ins(event, created_ids, by_email, now)
    db.session.flush()
    db.session.expire(event, ["matches"])
    return fix


def _remember(event: Event, fix: RoundRepair, now: dt.datetime, trigger: str) -> None:
    repairs = dict(event.repairs or {})
    entry = repairs.get(str(fix.round))
    if entry is not None and not fix.changed and entry.get("unpaired") == [u.email for u in fix.unpaired]:
        if trigger == "auto" and not entry.get("auto"):
            repairs[str(fix.round)] = dict(entry, auto=True)
            event.repairs = repairs
        return  # nothing new: the event (and every page's ETag) stays as it is
    previous = entry or {}
    repairs[str(fix.round)] = {
        "at": now.isoformat(timespec="seconds") + "Z", "trigger": trigger,
        "auto": bool(previous.get("auto")) or trigger == "auto",
        "dissolved": int(previous.get("dissolved", 0)) + len(fix.dissolved),
        "created": int(previous.get("created", 0)) + len(fix.created),
        "unpaired": [u.email for u in fix.unpaired],
    }
    event.repairs = repairs  # a new dict: JSON columns do not track changes inside


def _notify(event: Event, fix: RoundRepair, by_email: dict, created: list[Match], dissolved: dict,
            now: dt.datetime) -> None:
    """Queue one short e-mail for each present person whose partner changed and who asked for it."""

    rows, seen = [], set()
    for match in created:
        for attendee_id in (match.a_id, match.b_id):
            seen.add(attendee_id)
            rows.append((attendee_id, match.id))
    for pair in fix.dissolved:
        match = dissolved[key_of(pair)]
        for attendee_id in (match.a_id, match.b_id):
            if attendee_id not in seen:
                seen.add(attendee_id)
                rows.append((attendee_id, match.id))
    people = {a.id: a for a in by_email.values()}
    wanted = [(a_id, m_id) for a_id, m_id in rows
              if people[a_id].presence == "present" and people[a_id].notify_changes and people[a_id].wants_mail]
    insert_missing([dict(key=outbox_key(PARTNER_CHANGE, event.id, a_id, m_id), kind=PARTNER_CHANGE,
                          event_id=event.id, attendee_id=a_id, match_id=m_id, due_at=now) for a_id, m_id in wanted])


def _queue_followups(event: Event, created: list[Match]) -> None:
    """The follow-ups of the new pairs only (what ``schedule_followups`` would add, without visiting
    the whole event): a nudge per side and pair, and a reminder for whoever had none (walk-ins)."""

    if not event.followups_enabled or not created:
        return
    nudge_at, reminder_at = schedule.nudge_due(event), schedule.reminder_due(event)
    rows = []
    for match in created:
        for attendee_id in (match.a_id, match.b_id):
            if not event.bundle_nudges:
                rows.append(dict(key=outbox_key("nudge", event.id, attendee_id, match.id), kind="nudge",
                                 event_id=event.id, attendee_id=attendee_id, match_id=match.id, due_at=nudge_at))
            else:
                rows.append(dict(key=outbox_key("nudge_bundle", event.id, attendee_id), kind="nudge_bundle",
                                 event_id=event.id, attendee_id=attendee_id, match_id=None, due_at=nudge_at))
            rows.append(dict(key=outbox_key("reminder", event.id, attendee_id), kind="reminder",
                             event_id=event.id, attendee_id=attendee_id, match_id=None, due_at=reminder_at))
    insert_missing(list({row["key"]: row for row in rows}.values()))


def _invite_walk_ins(event: Event, created: list[Match], by_email: dict, now: dt.datetime) -> None:
    """Queue the invitation of each walk-in who got partners and accepts mail (once: the outbox key is
    the one publishing uses). It goes now, not at the door: with no conversation yet it would say nothing."""
    people = {a.id: a for a in by_email.values()}
    walk_ins = sorted({i for m in created for i in (m.a_id, m.b_id) if people[i].walk_in and people[i].wants_mail})
    insert_missing([dict(key=outbox_key("invitation", event.id, i), kind="invitation", event_id=event.id,
                         attendee_id=i, match_id=None, due_at=now) for i in walk_ins])


def walk_in_mailed(attendee: Attendee) -> str:
    """How a walk-in's link reaches their inbox: ``"queued"`` or ``"sent"`` (their invitation is in the
    outbox), ``"later"`` (it goes with their first partners) or ``""`` (no e-mail: they accept none, or it
    failed)."""
    status = db.session.scalar(select(OutboxMessage.status).where(
        OutboxMessage.key == outbox_key("invitation", attendee.event_id, attendee.id)))
    if status in ("queued", "sending"):
        return "queued"
    if status == "sent":
        return "sent"
    return "later" if status is None and attendee.wants_mail else ""


def due_repairs(now: dt.datetime | None = None) -> list[tuple[int, int]]:
    """``(event_id, round)`` of every round whose automatic repair is due at ``now`` (naive UTC)."""
    now = now or utcnow()
    aware = now.replace(tzinfo=dt.timezone.utc)
    window = (now - dt.timedelta(days=2), now + dt.timedelta(days=2))  # local start times, any zone
    due = []
    events = db.session.scalars(select(Event).where(
        Event.published_at.is_not(None), Event.starts_at.between(*window)).order_by(Event.id))
    for event in events:
        done = event.repairs or {}
        for rnd in event_rounds(event):
            start = round_start(event, rnd)
            if start - dt.timedelta(minutes=event.repair_minutes) <= aware < start \
                    and not (done.get(str(rnd)) or {}).get("auto"):
                due.append((event.id, rnd))
    return due


def run_due_repairs(now: dt.datetime | None = None, *, commit=None) -> list[tuple[int, int, RoundRepair | None]]:
    """Run every due automatic repair; ``commit`` (e.g. ``db.session.commit``) after each event's round.

    A round whose event has no check-in data is marked done without change (nobody said who is here).
    """
    now = now or utcnow()
    results = []
    for event_id, rnd in due_repairs(now):
        event = db.session.get(Event, event_id)
        if not check_in_used(event):
            repairs = dict(event.repairs or {})
            repairs[str(rnd)] = dict(repairs.get(str(rnd)) or {}, auto=True, skipped="no check-in")
            event.repairs = repairs
            results.append((event_id, rnd, None))
        else:
            results.append((event_id, rnd, repair_round(event, rnd, now, trigger="auto")))
        db.session.flush()
        if commit:
            commit()
    return results
