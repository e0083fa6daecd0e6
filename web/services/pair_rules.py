"""Pair rules: the organizer's pins (always pair) and forbids (never pair). Functions flush, never commit."""

from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import select

from matchmaker.reader import normalise_email

from ..extensions import db
from ..models import Attendee, Event, PairRule
from .exceptions import Invalid, NotFound

__all__ = ["RULE_KINDS", "delete_rule", "event_rules", "rule_candidates", "set_rule"]

RULE_KINDS = ("pin", "forbid")


def rule_candidates(event: Event) -> list[Attendee]:
    """The event's attendees in the order the rule form lists them (by name, then address)."""
    return list(db.session.scalars(select(Attendee).where(Attendee.event_id == event.id)
                                   .order_by(Attendee.name, Attendee.email)))


def event_rules(event: Event) -> list[PairRule]:
    """The event's rules, oldest first."""
    return list(db.session.scalars(select(PairRule).where(PairRule.event_id == event.id).order_by(PairRule.id)))


def _attendee_by_email(event: Event, email: str) -> Attendee:
    row = db.session.scalar(select(Attendee).where(Attendee.event_id == event.id,
                                                   Attendee.email == normalise_email(email or "")))
    if row is None:
        raise Invalid(gettext("No attendee of this event has the address %(email)s.", email=email), field="email")
    return row


def set_rule(event: Event, a_email: str, b_email: str, kind: str) -> PairRule:
    """Pin (always pair) or forbid (never pair) two attendees; replaces an earlier rule on that pair.

    Raises
    ------
    Invalid
        Unknown kind or address, or the same person twice.
    """
    if kind not in RULE_KINDS:
        raise Invalid(gettext("A rule always pairs two attendees or never pairs them."), field="kind")
    a, b = _attendee_by_email(event, a_email), _attendee_by_email(event, b_email)
    if a.id == b.id:
        raise Invalid(gettext("Choose two different attendees."), field="b")
    a, b = sorted((a, b), key=lambda row: row.id)
    rule = db.session.scalar(select(PairRule).where(PairRule.event_id == event.id, PairRule.a_id == a.id,
                                                    PairRule.b_id == b.id))
    if rule is None:
        rule = PairRule(event_id=event.id, a_id=a.id, b_id=b.id, kind=kind)
        db.session.add(rule)
    rule.kind = kind
    db.session.flush()
    return rule


def delete_rule(event: Event, rule_id: int) -> None:
    """Delete one of the event's rules (NotFound for a rule of another event)."""
    rule = db.session.get(PairRule, rule_id)
    if rule is None or rule.event_id != event.id:
        raise NotFound("No such rule.")
    db.session.delete(rule)
    db.session.flush()
