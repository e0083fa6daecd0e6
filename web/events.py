"""Placeholder blueprint; replaced by its owner."""

from flask import Blueprint

bp = Blueprint("events", __name__)


@bp.get("/")
def index():
    return "matchmaker"
