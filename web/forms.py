"""Flask-WTF forms of the organizer portal (CSRF on every one of them)."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from .models import DEFAULT_REMINDER_HOURS
from .services.events import COMMON_TIMEZONES
from .services.organizers import MIN_PASSWORD_LENGTH

__all__ = ["SignupForm", "SigninForm", "TokenForm", "ActionForm", "EventForm", "OTHER_TIMEZONE"]

OTHER_TIMEZONE = "other"
_l = lazy_gettext


class SignupForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password (at least %(num)d characters)", num=MIN_PASSWORD_LENGTH),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=1000)],
    )


class SigninForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class TokenForm(FlaskForm):
    label = StringField(_l("Label (what the token is for)"), validators=[Optional(), Length(max=100)])


class ActionForm(FlaskForm):
    """A button that changes something: nothing but the CSRF token."""


class EventForm(FlaskForm):
    name = StringField(_l("Event name"), validators=[DataRequired(), Length(max=200)])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    date = DateField(_l("Date"), validators=[InputRequired()])
    start_time = TimeField(_l("Start time (local)"), validators=[InputRequired()])
    end_time = TimeField(_l("End time (local, optional)"), validators=[Optional()])
    timezone = SelectField(_l("Time zone"), choices=[SelectChoice(z) for z in COMMON_TIMEZONES]
                           + [SelectChoice(OTHER_TIMEZONE, _l("Other…"))])
    timezone_other = StringField(_l("Other time zone (IANA name, e.g. America/Toronto)"),
                                 validators=[Optional(), Length(max=64)])
    language = SelectField(_l("Language of the mails and pages"),
                           choices=[SelectChoice("en", "English"), SelectChoice("fr", "Français")])
    slot_minutes = IntegerField(_l("Minutes per conversation"), default=15,
                                validators=[InputRequired(), NumberRange(5, 120)])
    allow_colleagues = BooleanField(_l("Allow people from the same company to meet"))
    meeting_point = StringField(_l("Meeting point (%(table)s and %(round)s are filled in)", table="{table}",
                                   round="{round}"), default="Table {table}",
                                validators=[Optional(), Length(max=300)])
    followup_time = TimeField(_l("Follow-up mail time (local, the morning after)"), default=dt.time(9, 0),
                              validators=[InputRequired()])
    reminder_hours = IntegerField(_l("Reminder after (hours)"), default=DEFAULT_REMINDER_HOURS,
                                  validators=[InputRequired(), NumberRange(1, 720)])
    bundle_nudges = BooleanField(_l("One follow-up mail per person rather than one per conversation"))
    followups_enabled = BooleanField(_l("Send follow-up mails"), default=True)
    glossary = TextAreaField(lazy_gettext("Glossary of the event’s own terms"), validators=[Optional()],
                             render_kw={"rows": 6, "spellcheck": "false"})

    def event_fields(self) -> dict:
        """The form's values as keyword arguments of the events service."""
        starts = dt.datetime.combine(self.date.data, self.start_time.data)
        ends = None
        if self.end_time.data is not None:
            ends = dt.datetime.combine(self.date.data, self.end_time.data)
            if ends <= starts:  # an evening event that ends after midnight
                ends += dt.timedelta(days=1)
        zone = self.timezone_other.data if self.timezone.data == OTHER_TIMEZONE else self.timezone.data
        return {
            "name": self.name.data, "venue": self.venue.data or "", "starts_at": starts, "ends_at": ends,
            "timezone": (zone or "").strip(), "language": self.language.data,
            "slot_minutes": self.slot_minutes.data, "allow_colleagues": self.allow_colleagues.data,
            "meeting_point": self.meeting_point.data or "", "followup_time": self.followup_time.data,
            "reminder_hours": self.reminder_hours.data, "bundle_nudges": self.bundle_nudges.data,
            "followups_enabled": self.followups_enabled.data, "glossary": self.glossary.data or "",
        }

    def fill_from(self, event) -> None:
        """Pre-fill the form on GET from an existing event."""
        for name in ("name", "venue", "language", "slot_minutes", "allow_colleagues", "meeting_point",
                     "followup_time", "reminder_hours", "bundle_nudges", "followups_enabled", "glossary"):
            getattr(self, name).data = getattr(event, name)
        self.date.data = event.starts_at.date()
        self.start_time.data = event.starts_at.time()
        self.end_time.data = event.ends_at.time() if event.ends_at else None
        if event.timezone in COMMON_TIMEZONES:
            self.timezone.data = event.timezone
        else:
            self.timezone.data, self.timezone_other.data = OTHER_TIMEZONE, event.timezone
