"""Reasons and notes the engine gives, as a stable code, parameters and an English sentence.

The engine explains why a row of the file was not read, why an attendee has
fewer partners than asked, why a published pair was removed by a change, and
why a round was added. The command line and the API read the English
sentence; the web portal renders the code and parameters at view time in the
reader's language (``web/reasons.py``), so a French page never shows an
English sentence frozen at matching time.

A :class:`Reason` *is* its English sentence (a ``str``), so every caller that
printed, compared or stored the sentence keeps working; ``code`` and
``params`` ride along for whoever renders it in another language.

>>> r = Reason("too_few_attendees", attendees=2, most=1)
>>> r, r.code, r.params
('only 2 attendees: at most 1 partner each', 'too_few_attendees', {'attendees': 2, 'most': 1})
>>> Reason("invalid_email", value="bob@").as_dict()
{'reason': "invalid e-mail address 'bob@'", 'code': 'invalid_email', 'params': {'value': 'bob@'}}
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["CODES", "Reason", "english"]


def _s(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


#: Every code -> its English sentence from the parameters (the codes are a contract with the web catalogue).
_ENGLISH: dict[str, Callable[[dict], str]] = {
    # Attendees with fewer partners than asked (matchmaker.matching).
    "alone": lambda p: "only one attendee: nobody to meet",
    "too_few_attendees": lambda p: (f"only {p['attendees']} attendees: at most {p['most']} "
                                    f"{_s(p['most'], 'partner', 'partners')} each"),
    "all_excluded": lambda p: "every other attendee is a colleague or excluded",
    "few_allowed": lambda p: (f"only {p['allowed']} other {_s(p['allowed'], 'attendee is', 'attendees are')} "
                              "neither a colleague nor excluded"),
    "odd_count": lambda p: (f"odd number of attendees: one person gets {p['partners']} "
                            f"{_s(p['partners'], 'partner', 'partners')}"),
    "rules_block": lambda p: "colleague and exclusion rules leave no compatible partner with a free slot",
    "no_free_slot": lambda p: ("no allowed partner has a free slot in a round when they are free; only more "
                               "changes to the published pairs would free one"),
    # Rows of the attendee file that were not read (matchmaker.reader, the portal's column limits).
    "too_many_cells": lambda p: f"{p['cells']} cells but the header has {p['width']}",
    "cell_too_long": lambda p: f"column {p['column']!r} is {p['length']} characters long; the limit is {p['limit']}",
    "no_email": lambda p: "no e-mail address",
    "invalid_email": lambda p: f"invalid e-mail address {p['value']!r}",
    "no_name_column": lambda p: "no name: the file has no name column (add 'Name', or 'First name' and 'Last name')",
    "email_too_long": lambda p: f"e-mail address {p['start']}… is longer than {p['limit']} characters",
    # Published pairs removed by a change (matchmaker.rematch); ``who``/``other`` are e-mail addresses.
    "left": lambda p: f"{p['who']} is no longer on the attendee list",
    "forbidden": lambda p: "the organizer forbade this pair",
    "colleagues": lambda p: "they are now colleagues",
    "duplicate": lambda p: "the pair was listed twice",
    "double_booked": lambda p: f"{p['who']} was booked twice in round {p['round']}",
    "made_room": lambda p: (f"made room for a pinned pair with {p['other']}" if p.get("pinned") else
                            f"{p['who']} meets {p['other']} instead, who had too few partners"),
    # Why there is a round beyond the asked number (matchmaker.pipeline, matchmaker.rematch).
    "extra_round_odd": lambda p: (f"with an odd number of attendees somebody sits out each round, so {p['rounds']} "
                                  f"rounds cannot hold every conversation; {p['extra']} "
                                  f"{_s(p['extra'], 'conversation takes', 'conversations take')} place in round "
                                  f"{p['rounds'] + 1}"),
    "extra_round": lambda p: (f"these pairs cannot all be split into {p['rounds']} rounds without booking someone "
                              f"twice; {p['extra']} {_s(p['extra'], 'conversation takes', 'conversations take')} "
                              f"place in round {p['rounds'] + 1}"),
    "pinned_round_added": lambda p: (f"a pinned pair shares no free round in the {p['rounds']} published rounds, so "
                                     f"round {p['rounds'] + 1} was added ({p['extra']} "
                                     f"{_s(p['extra'], 'conversation', 'conversations')} in it)"),
}

#: The codes a renderer must know.
CODES = frozenset(_ENGLISH)


def english(code: str, params: dict) -> str:
    """The English sentence of ``code`` with ``params`` (KeyError for an unknown code)."""
    return _ENGLISH[code](params)


class Reason(str):
    """An English sentence that also carries its ``code`` and ``params`` (JSON-ready values only)."""

    code: str
    params: dict

    def __new__(cls, code: str, **params) -> Reason:
        reason = super().__new__(cls, english(code, params))
        reason.code, reason.params = code, params
        return reason

    def __getnewargs_ex__(self) -> tuple[tuple, dict]:
        # Copies and pickles are rebuilt from the code, not from the sentence.
        return (self.code,), dict(self.params)

    def as_dict(self) -> dict:
        """``{"reason", "code", "params"}``, as the engine's JSON carries it."""
        return {"reason": str(self), "code": self.code, "params": dict(self.params)}
