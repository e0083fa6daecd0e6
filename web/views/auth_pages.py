"""Organizer accounts: sign up, sign in, sign out, API tokens.

Sign-in and sign-up are rate-limited per client address, and failed sign-ins
also per account (``SIGNIN_ACCOUNT_LIMIT``, keyed by the submitted address);
a 429 says when to retry (``Retry-After``). Sign-up answers the same whether
or not the address has an account. Signing out ends every session of the
account (:mod:`web.sessions`). Flask-Limiter's
``memory://`` store counts per process, so with N gunicorn workers the real
limit is up to N times higher; set ``RATELIMIT_STORAGE_URI`` to a shared store
(``redis://...``) for an exact limit.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter
from ..forms import ActionForm, SigninForm, SignupForm, TokenForm
from ..services import organizers
from ..services.events import home_timezone
from ..services.exceptions import Invalid
from ..token_hashing import hash_token

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
            organizers.sign_up(form.email.data, form.password.data, form.name.data or "")
        except Invalid as error:
            getattr(form, error.field or "email").errors.append(error.message)
        else:
            # The same answer whether the address was free or already had an account:
            # sign-up must not tell who has one. Signing in proves the password.
            db.session.commit()
            flash(gettext("If this address can be used, your account is ready: sign in with it."), "success")
            return redirect(url_for("auth.signin"))
    return render_template("auth/signup.html", form=form)


def _account_key() -> str:
    # The submitted address, hashed: the limit follows the account whatever the client's IP,
    # and the limiter's store holds no address.
    return "signin-account:" + hash_token(organizers.normalise_email(request.form.get("email", "")))


def _failed_signin(response) -> bool:
    return response.status_code != 302  # a success redirects; only failures use up the account's budget


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
@limiter.limit(lambda: current_app.config["SIGNIN_ACCOUNT_LIMIT"], key_func=_account_key, methods=["POST"],
               deduct_when=_failed_signin)
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


def _end_sessions(message: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        # A copy of this session's cookie must stop working too: end the generation.
        organizers.end_sessions(current_user)
        db.session.commit()
    logout_user()
    flash(message, "success")
    return redirect(url_for("auth.signin"))


@bp.post("/signout")
def signout():
    return _end_sessions(gettext("You are signed out, on this device and on every other one."))


@bp.post("/signout/everywhere")
@login_required
def signout_everywhere():
    return _end_sessions(gettext("Every session of your account is ended, on every device; sign in again here."))


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
                               plaintext=plaintext, revoke_form=ActionForm(), zone=home_timezone(current_user.id))
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
