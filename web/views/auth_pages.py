"""Organizer accounts: sign up, sign in, sign out, API tokens.

Sign-in and sign-up are rate-limited per client address. Flask-Limiter's
``memory://`` store counts per process, so with N gunicorn workers the real
limit is up to N times higher; set ``RATELIMIT_STORAGE_URI`` to a shared store
(``redis://...``) for an exact limit.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter
from ..forms import ActionForm, SigninForm, SignupForm, TokenForm
from ..services import organizers
from ..services.exceptions import Invalid

__all__ = ["bp", "AUTH_LIMIT", "safe_next"]

bp = Blueprint("auth", __name__)

AUTH_LIMIT = "10 per minute; 50 per hour"
BAD_CREDENTIALS = "Wrong e-mail address or password."


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects).

    Examples
    --------
    >>> safe_next("/events/3"), safe_next("//evil.example/x"), safe_next("https://evil.example/")
    ('/events/3', None, None)
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("events.index"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            organizer = organizers.create_organizer(form.email.data, form.password.data, form.name.data or "")
        except Invalid as error:
            getattr(form, error.field or "email").errors.append(error.message)
        else:
            db.session.commit()
            login_user(organizer)
            flash(gettext("Welcome! Create your first event."), "success")
            return redirect(url_for("events.index"))
    return render_template("auth/signup.html", form=form)


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def signin():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("events.index"))
    form = SigninForm()
    error = None
    if form.validate_on_submit():
        organizer = organizers.authenticate(form.email.data, form.password.data)
        if organizer is None:
            error = BAD_CREDENTIALS
        else:
            login_user(organizer)
            return redirect(safe_next(request.args.get("next")) or url_for("events.index"))
    return render_template("auth/signin.html", form=form, error=error)


@bp.post("/signout")
def signout():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    logout_user()
    flash(gettext("You are signed out."), "success")
    return redirect(url_for("auth.signin"))


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = TokenForm()
    plaintext = None
    if form.validate_on_submit():
        plaintext = organizers.create_api_token(current_user, form.label.data or "")
        db.session.commit()
        form = TokenForm(formdata=None)
    response = render_template("auth/tokens.html", form=form, tokens=organizers.organizer_tokens(current_user),
                               plaintext=plaintext, revoke_form=ActionForm())
    # The page may carry a token in clear: keep it out of every cache.
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    organizers.revoke_api_token(current_user, token_id)
    db.session.commit()
    flash(gettext("The token is revoked; programs using it are refused from now on."), "success")
    return redirect(url_for("auth.tokens"))
