"""Placeholder blueprint; replaced by its owner."""

from flask import Blueprint

bp = Blueprint("auth", __name__)


@bp.get("/tokens")
def tokens():
    return ""


@bp.post("/signout")
def signout():
    return ""


@bp.get("/signin")
def signin():
    return ""
