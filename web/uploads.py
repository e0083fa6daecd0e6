"""Placeholder blueprint; replaced by its owner."""

from flask import Blueprint

bp = Blueprint("uploads", __name__)
