"""What each e-mail says and carries, in English and French, as received by a real SMTP server."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from sqlalchemy import select

from tests.builders import mail_event
from web.extensions import db
from web.mail.sender import Sender
from web.models import Attendee, Event, Match, PairNote

LATER = dt.datetime(2030, 1, 1)

TEXTS = {
    "en": {"invitation": "Your conversations — ", "nudge": "Follow up with", "reminder": "Reminder: follow up with",
           "nudge_bundle": "Follow up after your 3 conversations — ", "body": "Hello", "unsubscribe": "Unsubscribe"},
    "fr": {"invitation": "Vos conversations — ", "nudge": "Gardez le contact avec", "reminder": "Rappel\u00a0: gardez",
           "nudge_bundle": "Gardez le contact après vos 3 conversations — ", "body": "Bonjour",
           "unsubscribe": "Se désabonner"},
}


def send_all(app, smtp):
    Sender(app, clock=lambda: LATER, seed=0).send_due()
    by_kind: dict[tuple[str, str], object] = {}
    for _, rcpts, msg in smtp.handler.messages:
        kind = msg["Message-ID"][1:].split(".")[0]
        by_kind.setdefault((kind, rcpts[0]), msg)
    return by_kind


@pytest.mark.parametrize("bundle", [False, True])
def test_every_kind_in_both_languages(mail_app, smtp, bundle):
    mail_event(mail_app, 4, languages=("en", "fr"), bundle=bundle)
    mails = send_all(mail_app, smtp)
    kinds = ("invitation", "nudge_bundle" if bundle else "nudge", "reminder")
    for i, lang in enumerate(("en", "fr")):
        address = f"p{i}@example.org"
        for kind in kinds:
            msg = mails[(kind, address)]
            subject = str(msg["Subject"])
            assert TEXTS[lang][kind] in subject and "Tech & Co <Meetup>" in subject, subject
            assert msg["To"].addresses[0].addr_spec == address
            assert "Camille Org" in str(msg["From"]) and msg["From"].addresses[0].addr_spec == "events@matchmaker.test"
            assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            unsubscribe = re.fullmatch(r"<(https://matchmaker\.test/u/[\w.-]+)>", msg["List-Unsubscribe"]).group(1)
            assert msg["Content-Language"] == lang
            text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
            html = msg.get_body(("html",)).get_content()
            for part in (text, html):
                assert TEXTS[lang]["body"] in part and TEXTS[lang]["unsubscribe"] in part
                assert unsubscribe in part and "Camille Org" in part
            assert "Tech & Co <Meetup>" in text
            if kind == "invitation":  # times and dates in the recipient's language, in the event's zone
                assert ("jeudi 11 juin 2026" if lang == "fr" else "Thursday, June 11, 2026") in text
                assert re.search("18:00 —" if lang == "fr" else r"6:00\sPM —", text)
            assert "Tech &amp; Co &lt;Meetup&gt;" in html and "<Meetup>" not in html
            assert f'<html lang="{lang}">' in html


def test_invitation_lists_partners_times_link_and_calendar(mail_app, smtp):
    event_id = mail_event(mail_app, 4)
    mails = send_all(mail_app, smtp)
    msg = mails[("invitation", "p0@example.org")]
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert re.search(r"https://matchmaker\.test/m/[\w-]{20,}", text)
    for line in (r"6:00\sPM — Person 1", r"6:15\sPM — Person 2", r"6:30\sPM — Person 3", "Thursday, June 11, 2026"):
        assert re.search(line, text), text
    (ics,) = [p for p in msg.iter_attachments() if p.get_content_type() == "text/calendar"]
    cal = icalendar.Calendar.from_ical(ics.get_content())
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 3
    assert len({str(e["UID"]) for e in events}) == 3
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert starts[0].astimezone(dt.timezone.utc) == dt.datetime(2026, 6, 11, 16, 0, tzinfo=dt.timezone.utc)
    assert cal.walk("VTIMEZONE") and str(cal.walk("VTIMEZONE")[0]["TZID"]) == "Europe/Paris"
    assert all("Table" in str(e["LOCATION"]) for e in events)
    # A second send of the calendar would update, not duplicate: UIDs are derived from the match.
    with mail_app.app_context():
        ids = {m.id for m in db.session.get(Event, event_id).matches}
    assert {int(str(e["UID"]).split("-")[1]) for e in events} <= ids


def test_nudge_uses_the_attendee_note_and_offers_linkedin_and_done(mail_app, smtp):
    mail_event(mail_app, 4)
    with mail_app.app_context():
        p0 = db.session.scalar(select(Attendee).where(Attendee.email == "p0@example.org"))
        match = db.session.scalars(select(Match).where((Match.a_id == p0.id) | (Match.b_id == p0.id))).first()
        partner = match.partner_of(p0)
        db.session.add(PairNote(match_id=match.id, attendee_id=p0.id, met=True, topic="solar pumps <b>",
                                detail="her trip to Dakar"))
        partner_name, partner_linkedin = partner.name, partner.linkedin
        db.session.commit()
    mails = [m for _, rcpts, m in (send_all(mail_app, smtp) and smtp.handler.messages)
             if rcpts == ["p0@example.org"] and m["Message-ID"].startswith("<nudge.")]
    (msg,) = [m for m in mails if partner_name in str(m["Subject"])]
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = msg.get_body(("html",)).get_content()
    assert "What you talked about: solar pumps <b>" in text
    # The personal note stays beside the message, never inside it.
    assert "To mention in your own words (your note, not in the message): her trip to Dakar" in text
    assert "solar pumps &lt;b&gt;" in html
    assert "Company" in text and "Founder" in text
    assert partner_linkedin in text and f'href="{partner_linkedin}"' in html
    assert re.search(r"https://matchmaker\.test/d/[\w.-]+", text)
    ready = text.split("ready to copy:\n", 1)[1].split("\n\n", 1)[0]
    assert 0 < len(ready) <= 300 and "solar pumps" in ready and "Dakar" not in ready
    # Without a note, the match's evidence speaks, as help lines of its real strength.
    (other,) = [m for m in mails if partner_name not in str(m["Subject"])][:1]
    assert re.search(r"^- (.+ can help you with |You can help |You share |A first conversation to explore)",
                     other.get_body(("plain",)).get_content().replace("\r\n", "\n"), re.M)


def test_crlf_in_a_name_adds_no_header_and_no_recipient(mail_app, smtp):
    mail_event(mail_app, 4, names=["Zoé\r\nBcc: x@evil.example"])
    send_all(mail_app, smtp)
    assert smtp.handler.messages
    for _sender, rcpts, msg in smtp.handler.messages:
        assert rcpts and all(r.endswith("@example.org") and "evil" not in r for r in rcpts)
        assert len(rcpts) == 1
        assert msg["Bcc"] is None and msg["Cc"] is None
        for name, value in msg.items():
            assert "\n" not in str(value) and "\r" not in str(value), name
    zoe = smtp.handler.to("p0@example.org")
    assert zoe and zoe[0]["To"].addresses[0].display_name == "Zoé Bcc: x@evil.example"


def test_console_backend_prints_readable_text_not_mime(mail_app, smtp):
    """Without MAIL_SERVER, a developer reads subject, text and attachment names, not base64."""
    import io

    from web.mail.backends import ConsoleBackend

    mail_event(mail_app, 4)
    msg = send_all(mail_app, smtp)[("invitation", "p0@example.org")]
    out = io.StringIO()
    ConsoleBackend(out).send(msg, "events@matchmaker.test", ["p0@example.org"])
    printed = out.getvalue()
    assert "to p0@example.org" in printed and f"Subject: {msg['Subject']}" in printed
    assert re.search(r"https://matchmaker\.test/m/[\w-]{20,}", printed)
    assert "[attachment: " in printed and "BEGIN:VCALENDAR" not in printed and "<html" not in printed
