"""Database models (typed SQLAlchemy 2), one class per table, singular names.

Times are stored as naive UTC (``utcnow()``), except ``Event.starts_at`` and
``Event.ends_at`` which are naive *local* times in ``Event.timezone``: the
organizer types local times, and daylight-saving rules may change later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    and_,
    false,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

__all__ = [
    "DEFAULT_REMINDER_HOURS", "utcnow", "Organizer", "ApiToken", "Event", "Attendee", "AttendeeLink", "PairRule",
    "Match", "PairNote", "MatchingJob", "OutboxMessage", "Suppression", "ColumnChoice",
]


#: Hours between the end of an event and the reminder e-mail, unless the organizer says otherwise.
DEFAULT_REMINDER_HOURS = 48


def utcnow() -> dt.datetime:
    """Current UTC time, naive (the way every UTC column stores it)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Organizer(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    events: Mapped[list[Event]] = relationship(back_populates="organizer", cascade="all, delete-orphan")
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="organizer", cascade="all, delete-orphan")


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organizer_id: Mapped[int] = mapped_column(ForeignKey("organizer.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    organizer: Mapped[Organizer] = relationship(back_populates="tokens")


class Event(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organizer_id: Mapped[int] = mapped_column(ForeignKey("organizer.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(300), default="")
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)  # local time in `timezone`
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # local time; None = starts_at + 3 rounds
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    language: Mapped[str] = mapped_column(String(2), default="en")
    slot_minutes: Mapped[int] = mapped_column(Integer, default=15)
    allow_colleagues: Mapped[bool] = mapped_column(Boolean, default=False)
    meeting_point: Mapped[str] = mapped_column(String(300), default="")  # e.g. "Table {table}, hall B"
    followup_time: Mapped[dt.time] = mapped_column(Time, default=dt.time(9, 0))  # local, the morning after
    reminder_hours: Mapped[int] = mapped_column(Integer, default=DEFAULT_REMINDER_HOURS)
    bundle_nudges: Mapped[bool] = mapped_column(Boolean, default=False)
    followups_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    profile_edit_until: Mapped[dt.datetime | None] = mapped_column(DateTime)  # UTC; None = until the event starts
    seed: Mapped[int] = mapped_column(Integer, default=0)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    matched_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    match_stats: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the engine's stats + unmatched
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # The organizer's own terms, one concept per line: "term; synonym; traduction" (matchmaker.lexicon).
    glossary: Mapped[str] = mapped_column(Text, default="", server_default="")

    organizer: Mapped[Organizer] = relationship(back_populates="events")
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Attendee.id"
    )
    matches: Mapped[list[Match]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="(Match.round, Match.id)"
    )


class Attendee(db.Model):
    __table_args__ = (UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    offers: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    linkedin: Mapped[str] = mapped_column(String(500), default="")
    language: Mapped[str] = mapped_column(String(2), default="")  # "" = the event's language
    consent: Mapped[bool | None] = mapped_column(Boolean)
    opted_out_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    first_opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # True when `language` was read from the attendee's own words (or left to the event's) rather
    # than given by the file, the organizer or the attendee: a later import may guess it again.
    language_guessed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    event: Mapped[Event] = relationship(back_populates="attendees")
    links: Mapped[list[AttendeeLink]] = relationship(back_populates="attendee", cascade="all, delete-orphan")

    @property
    def effective_language(self) -> str:
        return self.language or self.event.language

    @property
    def wants_mail(self) -> bool:
        return self.opted_out_at is None and self.consent is not False


class AttendeeLink(db.Model):
    """A private page link. The token is HMAC(SECRET_KEY, nonce): never stored, re-derivable for exports."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    attendee: Mapped[Attendee] = relationship(back_populates="links")

    @hybrid_method
    def usable_at(self, now: dt.datetime) -> bool:
        """Whether the link still opens its page at ``now``: neither revoked nor expired.

        Also a SQL condition: ``select(AttendeeLink).where(AttendeeLink.usable_at(now))``.
        """
        return self.revoked_at is None and self.expires_at > now

    @usable_at.inplace.expression
    @classmethod
    def _usable_at_expression(cls, now: dt.datetime):
        return and_(cls.revoked_at.is_(None), cls.expires_at > now)


class PairRule(db.Model):
    """An organizer's pin (always pair) or forbid (never pair) between two attendees."""

    __table_args__ = (UniqueConstraint("event_id", "a_id", "b_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"))
    b_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # "pin" or "forbid"

    a: Mapped[Attendee] = relationship(foreign_keys=[a_id])
    b: Mapped[Attendee] = relationship(foreign_keys=[b_id])


class Match(db.Model):
    """One conversation: two attendees (a_id < b_id), its round and the engine's reasons."""

    __table_args__ = (UniqueConstraint("event_id", "a_id", "b_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"), index=True)
    b_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    table: Mapped[int] = mapped_column(Integer, default=0)  # meeting point number within the round
    score: Mapped[float] = mapped_column(Float, default=0.0)
    weak: Mapped[bool] = mapped_column(Boolean, default=False)
    a_helps_b: Mapped[str] = mapped_column(Text, default="")
    b_helps_a: Mapped[str] = mapped_column(Text, default="")
    # The phrases of each side's offers that meet the other's needs, so each page
    # can say "you can help them with ..." from its own viewer's side.
    a_gives: Mapped[list[str]] = mapped_column(JSON, default=list)
    b_gives: Mapped[list[str]] = mapped_column(JSON, default=list)
    shared: Mapped[list[str]] = mapped_column(JSON, default=list)
    questions_for_a: Mapped[list[str]] = mapped_column(JSON, default=list)
    questions_for_b: Mapped[list[str]] = mapped_column(JSON, default=list)

    event: Mapped[Event] = relationship(back_populates="matches")
    a: Mapped[Attendee] = relationship(foreign_keys=[a_id])
    b: Mapped[Attendee] = relationship(foreign_keys=[b_id])
    notes: Mapped[list[PairNote]] = relationship(back_populates="match", cascade="all, delete-orphan")

    def partner_of(self, attendee: Attendee) -> Attendee:
        return self.b if attendee.id == self.a_id else self.a


class PairNote(db.Model):
    """What one attendee noted about one conversation ("we met", topic, personal detail, rating)."""

    __table_args__ = (UniqueConstraint("match_id", "attendee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("match.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"), index=True)
    met: Mapped[bool] = mapped_column(Boolean, default=False)
    topic: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[int | None] = mapped_column(Integer)
    followup_done_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    match: Mapped[Match] = relationship(back_populates="notes")


class MatchingJob(db.Model):
    """A matching run; large events run it in the worker process (``flask jobs worker``)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="queued")  # queued running done failed
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(String(300), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    claimed_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class OutboxMessage(db.Model):
    """One logical e-mail, written in the transaction that causes it and sent after commit."""

    __table_args__ = (Index("ix_outbox_message_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # kind:event:recipient:pair
    kind: Mapped[str] = mapped_column(String(20))  # invitation nudge nudge_bundle reminder
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int | None] = mapped_column(ForeignKey("attendee.id", ondelete="SET NULL"), index=True)
    match_id: Mapped[int | None] = mapped_column(ForeignKey("match.id", ondelete="SET NULL"))
    due_at: Mapped[dt.datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(12), default="queued")  # queued sending sent failed cancelled suppressed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[str] = mapped_column(String(200))
    claimed_by: Mapped[str] = mapped_column(String(100), default="")
    claimed_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Suppression(db.Model):
    """An address that must never receive mail again (hard bounce, complaint, unsubscribe from all)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ColumnChoice(db.Model):
    """An organizer's column mapping for files with a given header row, reused at their next uploads.

    ``header_hash`` is the SHA-256 of the normalised header row
    (:func:`web.services.column_choices.header_hash`); ``mapping`` is
    ``{"<column index>": field or ""}`` for the columns the organizer read differently
    from the automatic reading ("" ignores the column).
    """

    __table_args__ = (UniqueConstraint("organizer_id", "header_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organizer_id: Mapped[int] = mapped_column(ForeignKey("organizer.id", ondelete="CASCADE"), index=True)
    header_hash: Mapped[str] = mapped_column(String(64))
    mapping: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
