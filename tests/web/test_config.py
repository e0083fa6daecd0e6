"""Settings: one default each (web/config.py), overridden by the environment, then by the factory's mapping."""

from __future__ import annotations

from web.config import DEFAULTS


def test_environment_overrides_defaults_and_the_factory_overrides_the_environment(monkeypatch, tmp_path):
    from web import create_app

    monkeypatch.setenv("MAX_CONTENT_LENGTH", "1000")
    monkeypatch.setenv("MATCHMAKER_UPLOAD_MAX_ROWS", "7")
    monkeypatch.setenv("MATCHMAKER_MAIL_RELAXED_COMMITS", "false")
    monkeypatch.setenv("MATCH_IN_REQUEST_MAX", "12")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'c.sqlite3'}", "SECRET_KEY": "k",
                      "MATCH_IN_REQUEST_MAX": 5})
    assert app.config["MAX_CONTENT_LENGTH"] == 1000 != DEFAULTS["MAX_CONTENT_LENGTH"]
    assert app.config["UPLOAD_MAX_ROWS"] == 7 and app.config["MAIL_RELAXED_COMMITS"] is False
    assert app.config["MATCH_IN_REQUEST_MAX"] == 5
    assert app.config["LINK_TTL_DAYS"] == DEFAULTS["LINK_TTL_DAYS"]
