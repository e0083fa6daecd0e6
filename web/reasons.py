"""The engine's reasons and the worker's progress, rendered at view time in the reader's language.

The engine and the matching worker store a stable code and its parameters
beside an English sentence (:mod:`matchmaker.reasons`, ``web.services.matching_jobs``);
the English sentence is for the command line and the API. Pages call
:func:`reason_text` (also the Jinja global ``reason_text``), which builds the
sentence through gettext now, in the language of whoever reads the page.

A stored reason without a code (written before codes existed) is shown as it
is to an English reader and quoted, said to be English, in another language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask_babel import gettext, ngettext

from .wording import current_language

__all__ = ["init_app", "reason_text", "progress_text", "job_error_text", "as_sentence"]


def _ask(p: dict) -> int:
    return int(p.get("most", 0))


#: code -> the sentence in the current language, from the parameters (names already put in place of e-mails).
_RENDER: dict[str, Callable[[dict], str]] = {
    "alone": lambda p: gettext("only one attendee, so nobody to meet"),
    "too_few_attendees": lambda p: ngettext("only %(attendees)d attendees, so at most %(num)d partner each",
                                            "only %(attendees)d attendees, so at most %(num)d partners each",
                                            _ask(p), attendees=int(p.get("attendees", 0))),
    "all_excluded": lambda p: gettext("every other attendee is a colleague or excluded"),
    "few_allowed": lambda p: ngettext("only %(num)d other attendee is neither a colleague nor excluded",
                                      "only %(num)d other attendees are neither colleagues nor excluded",
                                      int(p.get("allowed", 0))),
    "odd_count": lambda p: ngettext("odd number of attendees, so one person gets %(num)d partner",
                                    "odd number of attendees, so one person gets %(num)d partners",
                                    int(p.get("partners", 0))),
    "rules_block": lambda p: gettext("colleague and exclusion rules leave no compatible partner with a free slot"),
    "no_free_slot": lambda p: gettext("no allowed partner has a free slot in a round when this person is free; only "
                                      "more changes to the published pairs would free one"),
    "too_many_cells": lambda p: ngettext("%(cells)d cells but the header has only %(num)d column",
                                         "%(cells)d cells but the header has only %(num)d columns",
                                         int(p.get("width", 0)), cells=int(p.get("cells", 0))),
    "cell_too_long": lambda p: gettext("the “%(column)s” cell is %(length)d characters long; the limit is %(limit)d",
                                       column=p.get("column", ""), length=int(p.get("length", 0)),
                                       limit=int(p.get("limit", 0))),
    "no_email": lambda p: gettext("no e-mail address"),
    "invalid_email": lambda p: gettext("invalid e-mail address “%(value)s”", value=p.get("value", "")),
    "no_name_column": lambda p: gettext("no name: the file has no name column (add “Name”, or “First name” and "
                                        "“Last name”)"),
    "email_too_long": lambda p: gettext("e-mail address %(start)s… is longer than %(limit)d characters",
                                        start=p.get("start", ""), limit=int(p.get("limit", 0))),
    "left": lambda p: gettext("%(who)s is no longer on the attendee list", who=p.get("who", "")),
    "forbidden": lambda p: gettext("your rules now forbid this pair"),
    "colleagues": lambda p: gettext("they are now colleagues"),
    "duplicate": lambda p: gettext("the pair was listed twice"),
    "double_booked": lambda p: gettext("%(who)s had two conversations in round %(round)d",
                                       who=p.get("who", ""), round=int(p.get("round", 0))),
    "made_room": lambda p: (gettext("made room for a pinned pair with %(other)s", other=p.get("other", ""))
                            if p.get("pinned") else
                            gettext("%(who)s meets %(other)s instead, who had too few partners",
                                    who=p.get("who", ""), other=p.get("other", ""))),
    "extra_round_odd": lambda p: ngettext(
        "with an odd number of attendees somebody sits out each round, so %(rounds)d rounds cannot hold every "
        "conversation; %(num)d conversation takes place in round %(next)d",
        "with an odd number of attendees somebody sits out each round, so %(rounds)d rounds cannot hold every "
        "conversation; %(num)d conversations take place in round %(next)d",
        int(p.get("extra", 0)), rounds=int(p.get("rounds", 0)), next=int(p.get("rounds", 0)) + 1),
    "extra_round": lambda p: ngettext(
        "these pairs cannot all be split into %(rounds)d rounds without booking someone twice; %(num)d conversation "
        "takes place in round %(next)d",
        "these pairs cannot all be split into %(rounds)d rounds without booking someone twice; %(num)d conversations "
        "take place in round %(next)d",
        int(p.get("extra", 0)), rounds=int(p.get("rounds", 0)), next=int(p.get("rounds", 0)) + 1),
    "pinned_round_added": lambda p: ngettext(
        "a pinned pair shares no free round in the %(rounds)d published rounds, so round %(next)d was added "
        "(%(num)d conversation in it)",
        "a pinned pair shares no free round in the %(rounds)d published rounds, so round %(next)d was added "
        "(%(num)d conversations in it)",
        int(p.get("extra", 0)), rounds=int(p.get("rounds", 0)), next=int(p.get("rounds", 0)) + 1),
}

#: Parameters that hold an e-mail address, shown as the person's name when the page knows it.
_PEOPLE = ("who", "other")
#: Parameters a sentence cannot do without.
_NEEDS = {"left": ("who",), "double_booked": ("who", "round"), "made_room": ("other",)}


def reason_text(row, names: Mapping[str, str] | None = None, *, code: str | None = None,
                params: Mapping | None = None) -> str:
    """The reason of ``row`` (a dict or object with ``reason``, ``code``, ``params``) in the reader's language.

    ``names`` maps e-mail addresses (lower case) to names, so "anna@example.org is no longer on the attendee
    list" reads "Anna Martin …". ``code`` and ``params`` override the row's own.
    """
    get = row.get if isinstance(row, Mapping) else (lambda key, default=None: getattr(row, key, default))
    code = code if code is not None else (get("code", "") or "")
    params = dict(params if params is not None else (get("params", None) or {}))
    names = {str(k).lower(): v for k, v in (names or {}).items()}
    for side in ("a", "b"):  # a pair row names its two people
        if get(side, None) and get(f"{side}_name", None):
            names.setdefault(str(get(side)).lower(), get(f"{side}_name"))
    if code in _NEEDS and not all(params.get(key) not in (None, "") for key in _NEEDS[code]):
        # Stored before the reasons had parameters: say what is known rather than a sentence with a hole.
        return gettext("one of the two left the event") if code == "left" else _general(get)
    for key in _PEOPLE:
        if isinstance(params.get(key), str):
            params[key] = names.get(params[key].lower(), params[key])
    render = _RENDER.get(code)
    if render is not None:
        return render(params)
    return _general(get)


def _general(get) -> str:
    stored = str(get("reason", "") or "")
    if not stored:
        return gettext("no reason recorded")
    if current_language() == "en":
        return stored
    return gettext("reason recorded in English only: “%(reason)s”", reason=stored)


def as_sentence(text: str) -> str:
    """A reason written as a fragment ("only 2 attendees: …") as a sentence: capital letter, full stop."""
    text = str(text).strip()
    if not text:
        return ""
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?", "…")) else ".")


#: The matching worker's steps: the engine's progress label or the worker's status, stored in
#: ``MatchingJob.message`` as it is (the API shows it), is the stable code; the page renders it now.
_PROGRESS: dict[str, Callable[[], str]] = {
    "waiting for the worker": lambda: gettext("waiting for the worker"),
    "starting": lambda: gettext("starting"),
    "restarted: its worker stopped": lambda: gettext("restarted: its worker stopped"),
    "vectorising profiles": lambda: gettext("reading the profiles"),
    "searching candidates": lambda: gettext("looking for possible partners"),
    "candidates ready": lambda: gettext("possible partners found"),
    "scoring pairs": lambda: gettext("scoring the pairs"),
    "choosing partners": lambda: gettext("choosing partners"),
    "collecting candidate pairs": lambda: gettext("gathering the possible pairs"),
    "solving the integer program": lambda: gettext("looking for the best set of pairs"),
    "solving the linear relaxation": lambda: gettext("looking for the best set of pairs"),
    "repairing attendees with missing partners": lambda: gettext("finding partners for those who still lack some"),
    "improving pairs by swaps": lambda: gettext("improving the pairs by swapping partners"),
    "removing bridges that would need an extra round": lambda: gettext("fitting the pairs into the rounds"),
    "partners chosen": lambda: gettext("partners chosen"),
    "assigning rounds": lambda: gettext("assigning the rounds"),
    "writing explanations": lambda: gettext("writing why each pair should meet"),
    "done": lambda: gettext("done"),
    "failed": lambda: gettext("failed"),
}
#: The worker's own failure (``matching_jobs.INTERNAL_ERROR``); the engine's refusals are its English sentence.
_ERRORS: dict[str, Callable[[], str]] = {
    "internal error, see the worker log": lambda: gettext("an internal error; the details are in the worker's log"),
}


def progress_text(message: str) -> str:
    """A matching job's stored progress message (see :data:`_PROGRESS`) in the reader's language."""
    render = _PROGRESS.get((message or "").strip())
    if render is not None:
        return render()
    return message if current_language() == "en" or not message else gettext("working")


def job_error_text(error: str) -> str:
    """A failed job's stored error in the reader's language: the engine's own words are quoted, not translated."""
    render = _ERRORS.get((error or "").strip())
    if render is not None:
        return render()
    if not error or current_language() == "en":
        return error or ""
    return gettext("the engine refused the data (“%(words)s”)", words=error)


def init_app(app) -> None:
    """Make the renderers Jinja globals (``reason_text``, ``progress_text``, ``job_error_text``) and
    :func:`as_sentence` the ``sentence`` filter."""
    app.jinja_env.globals.update(reason_text=reason_text, progress_text=progress_text, job_error_text=job_error_text)
    app.jinja_env.filters["sentence"] = as_sentence
