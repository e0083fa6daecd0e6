"""Placeholder blueprint; replaced by its owner."""

from flask import Blueprint

bp = Blueprint("matching", __name__)
