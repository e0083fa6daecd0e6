"""The guards of the test suite itself."""

from __future__ import annotations

import smtplib

import pytest


def test_real_smtp_connections_fail_outside_the_aiosmtpd_tests():
    with pytest.raises(AssertionError, match="SMTP connection to 127.0.0.1:25"):
        smtplib.SMTP("127.0.0.1", 25, timeout=1)
    with pytest.raises(AssertionError, match="SMTP connection"):
        smtplib.SMTP_SSL("127.0.0.1", 465, timeout=1)
