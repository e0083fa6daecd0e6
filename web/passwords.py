"""Password hashing with OWASP-strength scrypt parameters.

Werkzeug's default scrypt cost (N=2**15) is below OWASP's minimum (N=2**17,
r=8, p=1), so the method is spelled out in the ``PASSWORD_HASH_METHOD``
setting (:mod:`web.config`); tests lower it to stay fast.
"""

from flask import current_app
from flask_babel import gettext
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

__all__ = ["hash_password", "verify_password", "weak_password", "MIN_STRENGTH"]

#: zxcvbn's score (0-4) a new password must reach: 3 is "safely unguessable" (about 10^10 guesses).
MIN_STRENGTH = 3
# zxcvbn's own ceiling: past it, the matching gets slow and the score no lower.
_ZXCVBN_MAX = 72


def hash_password(password: str) -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    return generate_password_hash(password, method=method)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check ``password``; with no stored hash, spend the same time and answer False.

    Hashing for unknown e-mails too keeps sign-in timing from telling which
    addresses have an account.
    """
    if not stored_hash:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(stored_hash, password)


_DUMMY = {}


def _dummy_hash() -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY:
        _DUMMY[method] = generate_password_hash("not a password", method=method)
    return _DUMMY[method]


def weak_password(password: str, user_inputs: tuple[str, ...] = ()) -> str | None:
    """Why ``password`` is too easy to guess (a sentence in the reader's language), else None.

    zxcvbn estimates the guesses an attacker needs, with the common-password,
    name and word lists it brings, and counts ``user_inputs`` (the e-mail
    address, the name) as known to the attacker. Its own feedback is English
    only, so the sentence is ours.
    """
    inputs = [part for value in user_inputs for part in str(value or "").replace("@", " ").split() if part]
    if zxcvbn(password[:_ZXCVBN_MAX], user_inputs=inputs)["score"] >= MIN_STRENGTH:
        return None
    return gettext("This password is too easy to guess. Choose a longer one, for example four unrelated words, "
                   "and avoid your name, your e-mail address, dates and common passwords.")
