"""The blueprints of the web application: one module per group of pages, each exposing ``bp``.

Views parse the request, call one use-case of :mod:`web.services`, commit or
roll back once, and render; they hold no query or rule of their own.
"""
