"""Placeholder."""


def register(app):
    pass
