"""The attendee's side of the profile phase: the guided form, its strength hint, the guest list and wishes.

Same rules as :mod:`web.views.attendee_pages`, whose link checks and rate
limits these pages share: the link is the key, every change is a POST with
CSRF followed by a redirect, unknown links and people outside the guest list
answer the same 404. :func:`page_extras` adds to the attendee page what it
shows of the phase (the page ends its transaction before rendering).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext

from ..extensions import db, limiter
from ..models import Attendee
from ..services import guest_list, profile_form, profile_phase
from ..services.attendee import PROFILE_LIMITS, profile_editable
from ..services.exceptions import Invalid
from .attendee_pages import _open, _per_ip, _per_link, private_pages

__all__ = ["bp", "page_extras"]

bp = private_pages(Blueprint("profile", __name__, url_prefix="/m"))


def guided(attendee: Attendee) -> bool:
    """The guided form replaces the plain one until the matching has run."""
    return attendee.event.matched_at is None and profile_editable(attendee.event)


def page_extras(attendee: Attendee, views) -> dict:
    """What the attendee page shows of the phase: the guided form's state and the wishes on each card."""
    event = attendee.event
    extras = dict(guided=guided(attendee), wish_notes=guest_list.wish_notes(attendee, [v.partner.id for v in views]))
    if extras["guided"]:
        extras.update(
            strength=profile_form.strength_of(attendee), wishes=guest_list.my_wishes(attendee),
            topics=list(event.topics or []), offer_topics=set(attendee.offer_topics or []),
            need_topics=set(attendee.need_topics or []),
            deadline=profile_phase.deadline_text(event, attendee.effective_language))
    return extras


def _form_values() -> dict:
    form = request.form
    values = {name: form.get(name, "") for name in ("offers", "needs", "interests", "linkedin")}
    values.update(language=form.get("language", ""), listed=form.get("listed") == "1",
                  offer_topics=form.getlist("offer_topics"), need_topics=form.getlist("need_topics"))
    return values


@bp.post("/<token>/guided")
@_per_ip
@_per_link
def save(token: str):
    attendee = _open(token)
    try:
        profile_form.save_guided_profile(attendee, **_form_values())
    except Invalid as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        attendee = _open(token)  # the language may have changed
        flash(gettext("Your profile is saved."), "success")
    return redirect(url_for("attendee.page", token=token) + "#profile")


@bp.post("/<token>/strength")
@limiter.limit("120/minute")  # asked again as the person types: looser than the other POSTs
def strength(token: str):
    attendee = _open(token)
    values = _form_values()
    values = {name: str(values[name])[:PROFILE_LIMITS[name]] for name in ("offers", "needs", "interests", "linkedin")}
    values["topics"] = len(request.form.getlist("offer_topics")) + len(request.form.getlist("need_topics"))
    result = profile_form.strength_of(attendee, values)
    db.session.rollback()
    return jsonify(percent=result.percent, level=result.level, label=result.label, hint=result.hint)


@bp.get("/<token>/guests")
@limiter.exempt
def guests(token: str):
    attendee = _open(token)
    query, page = request.args.get("q", ""), request.args.get("page", 1, type=int)
    rows, total = guest_list.guests(attendee, query, page)
    context = dict(attendee=attendee, event=attendee.event, token=token, rows=rows, total=total, query=query,
                   page=max(1, page or 1), per_page=guest_list.GUESTS_PER_PAGE, wishes=guest_list.my_wishes(attendee),
                   editable=profile_editable(attendee.event), page_lang=attendee.effective_language)
    db.session.rollback()
    return render_template("attendee/guests.html", **context)


@bp.post("/<token>/wishes")
@_per_ip
@_per_link
def wish(token: str):
    attendee = _open(token)
    other = request.form.get("other", type=int)
    if other is None:
        abort(404)
    try:
        result = guest_list.set_wish(attendee, other, request.form.get("kind", ""))
    except Invalid as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(gettext("Your choice is saved.") if result is not None else gettext("Removed from your choices."),
              "success")
    back = {k: v for k, v in (("q", request.form.get("q", "")), ("page", request.form.get("page", ""))) if v}
    return redirect(url_for("profile.guests", token=token, **back) + f"#guest-{other}")
