"""WSGI entry point: ``gunicorn wsgi:app`` and ``flask --app wsgi ...``."""

from api import register_api
from web import create_app

app = register_api(create_app())
