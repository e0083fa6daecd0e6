"""Placeholder blueprint; replaced by its owner."""

from flask import Blueprint

bp = Blueprint("attendee", __name__)
