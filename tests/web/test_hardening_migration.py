"""The hardening migration keeps every row: SQLite tables are rebuilt (AUTOINCREMENT) with foreign keys off."""

from __future__ import annotations

import os
import subprocess
import sys

import sqlalchemy as sa

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


def _flask_db(url: str, *args: str) -> None:
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="x", FLASK_APP="wsgi")
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def test_sqlite_upgrade_keeps_attendees_matches_and_notes(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    _flask_db(url, "upgrade", "a391c3896e30")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO organizer (id, email, name, password_hash, created_at) "
                             "VALUES (1, 'o@example.org', '', 'x', '2026-01-01')")
        conn.exec_driver_sql(
            "INSERT INTO event (id, organizer_id, name, venue, starts_at, timezone, language, slot_minutes, "
            "allow_colleagues, meeting_point, followup_time, reminder_hours, bundle_nudges, followups_enabled, "
            "seed, created_at, updated_at) VALUES (1, 1, 'E', '', '2030-01-01', 'UTC', 'en', 15, 0, '', "
            "'09:00:00', 48, 0, 1, 0, '2026-01-01', '2026-01-01')")
        for i in (1, 2):
            conn.exec_driver_sql(
                "INSERT INTO attendee (id, event_id, email, name, company, role, bio, offers, needs, interests, "
                f"linkedin, language, created_at, updated_at) VALUES ({i}, 1, 'p{i}@example.org', 'P{i}', '', '', "
                "'', '', '', '', '', '', '2026-01-01', '2026-01-01')")
        conn.exec_driver_sql("INSERT INTO \"match\" (id, event_id, a_id, b_id, round, \"table\", score, weak, "
                             "a_helps_b, b_helps_a, a_gives, b_gives, shared, questions_for_a, questions_for_b) "
                             "VALUES (1, 1, 1, 2, 1, 1, 0, 0, '', '', '[]', '[]', '[]', '[]', '[]')")
        conn.exec_driver_sql("INSERT INTO pair_note (id, match_id, attendee_id, met, topic, detail, created_at, "
                             "updated_at) VALUES (1, 1, 1, 1, 't', 'd', '2026-01-01', '2026-01-01')")
    engine.dispose()
    _flask_db(url, "upgrade")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM attendee").scalar() == 2
        assert conn.exec_driver_sql("SELECT count(*) FROM \"match\"").scalar() == 1
        assert conn.exec_driver_sql("SELECT count(*) FROM pair_note").scalar() == 1
        keys = conn.exec_driver_sql("SELECT mail_key FROM attendee").scalars().all()
        assert all(keys) and len(set(keys)) == 2
        schema = " ".join(conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name IN ('attendee', 'match')").scalars().all())
        assert schema.count("AUTOINCREMENT") == 2
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    engine.dispose()
