"""The attendee page: content from the viewer's side, times in the event's zone, safety, no JavaScript."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from sqlalchemy import delete, select

from tests.builders import LINKED_PEOPLE, linked_event
from web.extensions import db
from web.models import Attendee, Event, Match
from web.services.attendee import linkedin_href


def _page(client, token):
    response = client.get(f"/m/{token}")
    assert response.status_code == 200
    return response, response.get_data(as_text=True)


def _ana(app, client, **kwargs):
    with app.app_context():
        token = linked_event(**kwargs)["ana@example.org"]
    return token, _page(client, token)[1]


class _Forms(HTMLParser):
    """Collects forms, inputs with their ids, labels' for=, scripts and hrefs."""

    def __init__(self):
        super().__init__()
        self.forms, self.ids, self.label_for, self.fields, self.scripts, self.hrefs = [], set(), set(), [], 0, []
        self.in_label = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(a)
        if tag == "script":
            self.scripts += 1
        if tag == "a":
            self.hrefs.append(a.get("href", ""))
        if tag == "label":
            self.in_label += 1
            if "for" in a:
                self.label_for.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.fields.append((a.get("id"), self.in_label > 0))
        if "id" in a:
            self.ids.add(a["id"])

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label -= 1


def test_three_partners_in_round_order_with_times_and_meeting_points(app, client):
    _, html = _ana(app, client, meeting_point="Hall B, table {table}")
    names = re.findall(r"<h3[^>]*>([^<]+)</h3>", html)
    assert names == ["Ben Cole", "Cléo Petit", "Dan Roy"]
    # 25 October 2026 is the day Paris leaves summer time: 18:00 local is 17:00 UTC.
    pm = "\u202fPM"  # English uses the 12-hour clock, with a narrow no-break space
    assert f"Round 1, 6:00{pm}" in html and f"Round 2, 6:15{pm}" in html and f"Round 3, 6:30{pm}" in html
    assert "Hall B, table 1" in html and "Hall B, table 2" in html and "Hall B, table 3" in html
    assert "Europe/Paris" in html
    assert "Demo Day" in html and "Halle 9" in html and "Sunday, October 25, 2026" in html


def test_round_times_follow_elapsed_time_across_the_spring_change(app, client):
    # 01:50 + 15 min is 03:05 in Paris on 29 March 2026 (clocks jump from 02:00 to 03:00).
    _, html = _ana(app, client, starts_at=dt.datetime(2026, 3, 29, 1, 50))
    am = "\u202fAM"
    assert f"Round 1, 1:50{am}" in html and f"Round 2, 3:05{am}" in html and f"Round 3, 3:20{am}" in html


def test_default_meeting_point_is_the_table_number(app, client):
    _, html = _ana(app, client)
    assert "Table 1" in html


def test_help_is_shown_from_the_viewers_side(app, client):
    with app.app_context():
        tokens = linked_event()
    dan = _page(client, tokens["dan@example.org"])[1]
    # Match (ana, dan): a_gives = ["Python for Dan Roy"]; Dan is b, so he is helped with it.
    # Sentences are built at view time from that evidence, not read from the frozen columns.
    assert "You can help each other." in dan
    assert "<li>Ana can help you with Python for Dan Roy.</li>" in dan
    assert "<li>You can help Ana with Sales for Ana Martin.</li>" in dan
    assert "<li>You share an interest in AI.</li>" in dan
    # Questions ask Ana about her own profile (she looks for Funding), in Dan's language.
    assert "What would help you most with funding?" in dan and "Ask Ana Martin about Python?" not in dan
    ana = _page(client, tokens["ana@example.org"])[1]
    assert "<li>You can help Dan with Python for Dan Roy.</li>" in ana
    assert "What would help you most with design?" in ana


def test_one_way_help_is_said_honestly_and_weak_matches_are_labelled(app, client):
    with app.app_context():
        token = linked_event()["ana@example.org"]
        first = db.session.scalar(select(Match).order_by(Match.round, Match.id))
        first.a_helps_b, first.a_gives, first.weak = "", [], True
        db.session.commit()
    html = _page(client, token)[1]
    # Only Ben can help Ana: the page says so, and never "you can help each other".
    assert "<strong>Ben can help you.</strong>" in html
    assert "<li>Ben can help you with Funding for Ana Martin.</li>" in html
    first_card = html.split("<h3", 2)[1]
    assert "help each other" not in first_card


def test_fewer_partners_are_explained(app, client):
    with app.app_context():
        token = linked_event()["ana@example.org"]
        db.session.execute(delete(Match).where(Match.round == 3))
        event = db.session.scalar(select(Event))
        event.match_stats = {"unmatched": [{"email": "ana@example.org", "reason": "Odd number of people."}]}
        db.session.commit()
    html = _page(client, token)[1]
    assert "You have 2 conversations instead of three." in html and "Odd number of people." in html


def test_nobody_matched_is_explained(app, client):
    with app.app_context():
        token = linked_event()["ana@example.org"]
        db.session.execute(delete(Match))
        db.session.scalar(select(Event)).match_stats = {
            "unmatched": [{"email": "ana@example.org", "reason": "Nobody to help."}]}
        db.session.commit()
    html = _page(client, token)[1]
    assert "The matching found no partner for you this time. Nobody to help." in html
    assert "Your matches will appear here." not in html


def test_head_does_not_count_as_an_opening(app, client):
    with app.app_context():
        token = linked_event()["ana@example.org"]
    assert client.head(f"/m/{token}").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Attendee.first_opened_at).where(Attendee.email == "ana@example.org")) is None


def test_before_publishing_matches_are_announced_not_shown(app, client):
    _, html = _ana(app, client, published=False)
    assert "Your matches will appear here." in html
    assert "Ben Cole" not in html


def test_linkedin_is_a_link_only_for_https_linkedin(app, client):
    with app.app_context():
        tokens = linked_event()
    for email in ("ana@example.org", "dan@example.org"):
        parsed = _Forms()
        html = _page(client, tokens[email])[1]
        parsed.feed(html)
        assert not any(h.startswith("javascript:") or "evil.example" in h for h in parsed.hrefs)
    assert "https://www.linkedin.com/in/ana" in parsed.hrefs  # Dan sees Ana's profile as a link
    assert "javascript:alert(1)" in html  # Ben's address is shown as text only
    assert linkedin_href("javascript:alert(1)") is None
    assert linkedin_href("https://evil.example/linkedin.com") is None
    assert linkedin_href("http://www.linkedin.com/in/x") == "https://www.linkedin.com/in/x"  # rebuilt
    assert linkedin_href("https://linkedin.com.evil.example/in/x") is None
    assert linkedin_href("https://user@evil.example@linkedin.com/in/x") is None
    assert linkedin_href("https://fr.linkedin.com/in/x") == "https://www.linkedin.com/in/x"


def test_user_text_is_escaped(app, client):
    payload = '<script>alert(1)</script><img src=x onerror=alert(2)>"'
    people = [dict(p) for p in LINKED_PEOPLE]
    for field in ("name", "company", "bio", "offers", "needs", "role"):
        people[1][field] = payload + field
    with app.app_context():
        token = linked_event(people=people)["ana@example.org"]
    html = _page(client, token)[1]
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_page_headers_and_accessibility(app, client):
    with app.app_context():
        token = linked_event()["dan@example.org"]
    response, html = _page(client, token)
    # Kept by the browser, revalidated every time through the ETag (tests/web/test_page_cache.py).
    assert response.headers["Cache-Control"] == "private, no-cache" and response.headers["ETag"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex' in html
    assert '<html lang="en">' in html and '<main id="main">' in html and html.count("<h1>") == 1
    parsed = _Forms()
    parsed.feed(html)
    for field_id, wrapped in parsed.fields:  # every field has a label
        assert wrapped or field_id in parsed.label_for


def test_forms_work_without_javascript(app, client):
    with app.app_context():
        token = linked_event(edit_until=dt.datetime(2100, 1, 1))["ana@example.org"]
    parsed = _Forms()
    html = _page(client, token)[1]
    parsed.feed(html)
    # copy.js, whose copy buttons stay hidden without JavaScript (the text area holding the draft is
    # selectable by hand), and the optional light refresh (progressive enhancement, page_refresh.js).
    assert parsed.scripts <= 2 and "copy.js" in html and html.count("data-copy=") == html.count(" hidden>Copy")
    assert len(parsed.forms) == 1 + 3 + 3 + 1  # language, three notes, profile, e-mails, delete; e-mails on the day
    for form in parsed.forms:
        assert form["method"] == "post" and form["action"].startswith(f"/m/{token}/")


def test_opening_is_recorded(app, client):
    with app.app_context():
        token = linked_event()["ana@example.org"]
    client.get(f"/m/{token}")
    with app.app_context():
        ana = db.session.scalar(select(Attendee).where(Attendee.email == "ana@example.org"))
        first = ana.first_opened_at
        assert first is not None and ana.last_opened_at >= first
    client.get(f"/m/{token}")
    with app.app_context():
        ana = db.session.scalar(select(Attendee).where(Attendee.email == "ana@example.org"))
        assert ana.first_opened_at == first and ana.last_opened_at >= first


def test_real_engine_help_reads_from_each_viewers_side(app, client):
    """With the engine's own output, nobody reads a sentence addressed to their partner."""
    from matchmaker.explain import explain_pair
    from matchmaker.profiles import Attendee as Profile

    with app.app_context():
        tokens = linked_event()
        first = db.session.scalar(select(Match).order_by(Match.round, Match.id))
        a, b = first.a, first.b
        why = explain_pair(Profile(a.email, "Zoé Martin", offers="recrutement"),
                           Profile(b.email, b.name, needs="recrutement"), language_a="fr", language_b="fr")
        first.a_helps_b, first.b_helps_a, first.a_gives, first.b_gives = why.a_helps_b, "", why.a_gives, []
        a_token = tokens[a.email]
        db.session.commit()
    html = _page(client, a_token)[1]
    assert "Zoé peut vous aider" not in html  # that sentence is written for the partner
    assert "recrutement" in html
