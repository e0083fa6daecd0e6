"""The attendee's private page ``/m/<token>`` and the forms on it.

No account and no JavaScript: the link is the key. The page (GET) records
when it was opened (to :data:`~web.services.attendee.OPENING_RESOLUTION`, so
most views write nothing) and changes nothing else; every change is a POST
with CSRF that redirects back to the page with a flash (post/redirect/get).
Unknown, expired and revoked tokens all answer the same 404.

Rate limits: the GET page is unlimited (a QR-code scan storm at the venue
comes from one IP); POSTs are limited per link and, more loosely, per IP.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import format_date, format_time, gettext, refresh
from flask_wtf.csrf import generate_csrf

from ..extensions import db, limiter
from ..models import Attendee
from ..services import attendee as use_cases
from ..services import links, page_cache
from ..services.attendee_day import day_context
from ..services.events import local_to_utc
from ..services.exceptions import Invalid, NotFound
from ..services.languages import set_language
from ..token_hashing import hash_token
from ..wording import conversation, draft_for

__all__ = ["bp"]

bp = Blueprint("attendee", __name__, url_prefix="/m")


def _link_key() -> str:
    # Keyed on a hash of the token: one person cannot exhaust the venue's
    # shared IP budget, and the limiter never holds a usable token.
    token = (request.view_args or {}).get("token", "")
    return "link:" + hash_token(token)


_per_link = limiter.limit("30/minute", key_func=_link_key)
_per_ip = limiter.limit("600/minute")


def _open(token: str) -> Attendee:
    """The attendee behind ``token`` (404 otherwise), with their language selected."""
    attendee = links.resolve(token)
    if attendee is None:
        abort(404)
    g.locale = attendee.effective_language
    refresh()  # forget a locale cached earlier in this request
    return attendee


def _back(token: str):
    return redirect(url_for("attendee.page", token=token))


def _flash_error(error: Invalid) -> None:
    flash(error.message, "error")


def not_found(error):
    # One answer for unknown, expired, revoked and deleted: nothing to probe.
    return render_template("attendee/not_found.html"), 404


def _never_index(response):
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def private_pages(blueprint: Blueprint) -> Blueprint:
    """Make ``blueprint`` answer like every private attendee page: one not-found page, never indexed."""
    blueprint.register_error_handler(404, not_found)
    blueprint.register_error_handler(NotFound, not_found)
    blueprint.after_request(_never_index)
    return blueprint


private_pages(bp)


@bp.get("/<token>")
@limiter.exempt
def page(token: str):
    # Conditional requests whose page did not change were answered by page_cache.ConditionalPages
    # (a WSGI middleware in front of the app, one query); this one needs the page.
    attendee = _open(token)
    event = attendee.event
    views = use_cases.partners(attendee)
    published = event.published_at is not None
    lang = attendee.effective_language
    # Sentences are built now, in the viewer's current language, from the matches' evidence;
    # drafts appear once the event has begun, in the partner's language unless another is asked for.
    after_event = use_cases.utcnow() >= local_to_utc(event.starts_at, event.timezone)
    chosen = request.args.get("draft") if request.args.get("draft") in ("en", "fr") else None
    conversations = {v.match.id: conversation(v.match, attendee, v.partner, lang) for v in views}
    their_language = {v.match.id: v.partner.effective_language for v in views}  # read before rows detach
    drafts = {v.match.id: draft_for(event, attendee, v.partner, v.match, v.note,
                                    language=chosen or v.partner.effective_language, viewer_language=lang)
              if after_event else None for v in views}
    context = dict(
        conversations=conversations, drafts=drafts, their_language=their_language,
        attendee=attendee, event=event, views=views, token=token, published=published,
        page_lang=attendee.effective_language,
        event_date=format_date(event.starts_at, "full", rebase=False),
        times={v.match.id: format_time(v.starts_at, "short", rebase=False) for v in views if v.starts_at},
        shortfall=use_cases.shortfall_reason(attendee) if published and len(views) < 3 else "",
        editable=use_cases.profile_editable(event),
        note_limits=use_cases.NOTE_LIMITS, profile_limits=use_cases.PROFILE_LIMITS,
    )
    context["day"] = day_context(attendee) if published else {}
    generate_csrf()  # the page's forms carry the session's token: the ETag follows it
    etag = page_cache.page_etag(attendee.id, attendee.page_version, event.updated_at, event.timezone,
                                page_cache.session_key(session))
    context.update(page_etag=etag, poll_seconds=page_cache.POLL_SECONDS)
    from .profile_pages import page_extras  # profile_pages builds on this module: a cycle

    context.update(page_extras(attendee, views))
    # HEAD (link checkers) does not count as an opening.
    opened = request.method == "GET" and use_cases.record_opening(attendee)
    _end_transaction(commit=opened)
    return _validated(make_response(render_template("attendee/page.html", **context)), etag)


def _validated(response, etag: str):
    response.set_etag(etag)
    # Kept by the browser but revalidated on every view (no-cache), never by shared caches (private).
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


def _end_transaction(*, commit: bool) -> None:
    """End the page's transaction before rendering, keeping the loaded rows readable.

    On SQLite every transaction holds the write lock from its first query
    (``BEGIN IMMEDIATE``), so other workers wait while it is open; rendering
    needs nothing more from the database.
    """
    use_cases.detach_loaded_rows()
    if commit:
        db.session.commit()
    else:
        db.session.rollback()


@bp.post("/<token>/met/<int:match_id>")
@_per_ip
@_per_link
def met(token: str, match_id: int):
    attendee = _open(token)
    form = request.form
    try:
        use_cases.record_meeting(
            attendee, match_id, met=form.get("met") == "1", topic=form.get("topic", ""),
            detail=form.get("detail", ""), rating=form.get("rating"),
        )
    except Invalid as error:  # NotFound (not one of theirs) goes to the 404 handler above
        db.session.rollback()
        _flash_error(error)
    else:
        db.session.commit()
        flash(gettext("Your note is saved."), "success")
    return _back(token)


@bp.post("/<token>/profile")
@_per_ip
@_per_link
def profile(token: str):
    attendee = _open(token)
    values = {name: request.form.get(name, "") for name in (*use_cases.PROFILE_LIMITS, "language")}
    try:
        use_cases.update_profile(attendee, **values)
    except Invalid as error:
        db.session.rollback()
        _flash_error(error)
    else:
        db.session.commit()
        _open(token)  # the language may have changed
        flash(gettext("Your profile is saved."), "success")
    return _back(token)


@bp.post("/<token>/language")
@_per_ip
@_per_link
def language(token: str):
    attendee = _open(token)
    try:
        set_language(attendee, request.form.get("language", ""))
    except Invalid as error:
        db.session.rollback()
        _flash_error(error)
        return _back(token)
    db.session.commit()
    _open(token)  # the flash below speaks the new language
    flash(gettext("The page is now in English."), "success")
    return _back(token)


@bp.post("/<token>/opt-out")
@_per_ip
@_per_link
def opt_out(token: str):
    attendee = _open(token)
    use_cases.opt_out(attendee)
    db.session.commit()
    flash(gettext("Done: you will receive no more e-mails about this event."), "success")
    return _back(token)


@bp.post("/<token>/opt-in")
@_per_ip
@_per_link
def opt_in(token: str):
    attendee = _open(token)
    use_cases.opt_in(attendee)
    db.session.commit()
    flash(gettext("E-mails about this event are on again."), "success")
    return _back(token)


@bp.post("/<token>/delete")
@_per_ip
@_per_link
def delete(token: str):
    attendee = _open(token)
    if request.form.get("confirm") != "1":
        flash(gettext("Tick the box to confirm that you want your data deleted."), "error")
        return _back(token)
    lang, event_name = attendee.effective_language, attendee.event.name
    use_cases.delete_data(attendee)
    db.session.commit()
    # Not a redirect: the page behind this token no longer exists.
    return render_template("attendee/deleted.html", page_lang=lang, event_name=event_name)
