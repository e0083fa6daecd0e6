"""From attendees to a JSON-ready matching: partners, rounds, reasons, questions.

The returned dictionary is the contract shared by the command line, the web
portal and the JSON API::

    {"attendees": [{"email", "name", "partners": [email, ...],        # input order
                    "language", "language_guessed", "language_source"}],  # "fr"/"en"; file/words/default
     "pairs": [{"a", "b", "round", "score", "weak", "a_helps_b", "b_helps_a",
                "a_gives", "b_gives",                                 # A's offer phrases meeting B's needs...
                "shared", "questions_for_a", "questions_for_b",       # by round, a, b
                "a_asked", "b_asked"}],                               # only when there are wishes
     "unmatched": [{"email", "name", "reason", "code", "params"}],  # reason: English; code + params:
     "rejected_rows": [{"line", "reason", "code", "params"}],       # matchmaker.reasons, for other languages
     "stats": {"attendees", "pairs", "rounds", "seconds", "value", "bound",
               "share_of_bound", "two_way_share", "weak_pairs", "rounds_note",
               "rounds_note_code", "rounds_note_params",              # only with a rounds note
               "wishes"}}                                            # only when there are wishes

With wishes, ``value`` stays the sum of pair scores while ``bound`` and
``share_of_bound`` refer to the objective the matcher maximised: scores plus
the wish bonuses of the chosen pairs (:mod:`matchmaker.wishes`).

Output is deterministic: the same attendees and seed give the same dictionary.
Wall time is the only thing that varies, so ``stats.seconds`` is 0.0 unless
``timing=True`` is asked for.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

import numpy as np

from .errors import MatchingError
from .profiles import Attendee
from .reasons import Reason

__all__ = ["match_event"]

_DIGITS = 4


def _indices(attendees: Sequence[Attendee]) -> dict[str, int]:
    index: dict[str, int] = {}
    for k, a in enumerate(attendees):
        key = a.email.strip().lower()
        if key in index:
            raise MatchingError(f"{a.email} appears twice in the attendee list: keep one row per person")
        index[key] = k
    return index


def _resolve(pairs: Iterable[tuple[str, str]], index: dict[str, int], what: str) -> list[tuple[int, int]]:
    out = []
    for a, b in pairs:
        ends = []
        for email in (a, b):
            k = index.get(str(email).strip().lower())
            if k is None:
                raise MatchingError(f"{what} pair names {email}, who is not in the attendee list: "
                                    "fix the address or remove the pair")
            ends.append(k)
        if ends[0] == ends[1]:
            raise MatchingError(f"{what} pair names {a} twice: a pair needs two different people")
        out.append((ends[0], ends[1]))
    return out


def _check_pin_counts(pins, attendees, degree: int) -> None:
    count: dict[int, set[int]] = {}
    for a, b in pins:
        count.setdefault(a, set()).add(b)
        count.setdefault(b, set()).add(a)
    for k in sorted(count):
        if len(count[k]) > degree:
            raise MatchingError(f"{attendees[k].email} is pinned to {len(count[k])} partners but only "
                                f"{degree} are allowed: remove some of their pins")


def _scaled(progress, start: float, end: float):
    if progress is None:
        return None
    return lambda fraction, message: progress(start + (end - start) * float(fraction), message)


def _weak_flags(cand, pairs) -> np.ndarray:
    """Candidate pairs keep their flag; pairs found beyond the candidates count as weak."""
    if not pairs:
        return np.zeros(0, bool)
    n = np.int64(cand.n)
    keys = np.asarray(cand.i, np.int64) * n + np.asarray(cand.j, np.int64)
    wanted = np.array([a * int(n) + b for a, b in pairs], dtype=np.int64)
    pos = np.clip(np.searchsorted(keys, wanted), 0, max(len(keys) - 1, 0))
    found = (keys[pos] == wanted) if len(keys) else np.zeros(len(wanted), bool)
    weak = np.ones(len(wanted), bool)
    weak[found] = np.asarray(cand.weak, bool)[pos[found]]
    return weak


def _rounds_note(rounds: dict, degree: int, n: int) -> Reason | str:
    """Why there is a round beyond ``degree`` ("" when there is none)."""
    count = max(rounds.values(), default=0)
    if count <= degree:
        return ""
    extra = sum(1 for r in rounds.values() if r > degree)
    return Reason("extra_round_odd" if n % 2 else "extra_round", rounds=degree, extra=extra)


def _reason(item) -> dict:
    """``{"reason", "code", "params"}`` of a Reason, a RejectedRow or a dict (no code: ``""`` and ``{}``)."""
    if isinstance(item, Reason):
        return item.as_dict()
    if isinstance(item, dict):
        return {"reason": str(item.get("reason", "")), "code": str(item.get("code", "")),
                "params": dict(item.get("params") or {})}
    return {"reason": str(getattr(item, "reason", "")), "code": str(getattr(item, "code", "")),
            "params": dict(getattr(item, "params", None) or {})}


def match_event(attendees: Sequence[Attendee], *, seed: int = 0, allow_colleagues: bool = False,
                pinned: Iterable[tuple[str, str]] = (), forbidden: Iterable[tuple[str, str]] = (),
                language: str = "en", rejected_rows: Sequence = (), progress=None,
                degree: int = 3, timing: bool = False, glossary: str = "", wishes: Iterable = ()) -> dict:
    """Match an event: ``degree`` partners each, rounds, explanations, in one JSON-ready dict.

    Parameters
    ----------
    attendees : sequence of Attendee
        One per person (e-mails unique).
    seed : int, default 0
        Same attendees and seed give the same result.
    allow_colleagues : bool, default False
        Allow pairs of people from the same company.
    pinned, forbidden : iterable of (email, email)
        Pairs to keep whatever their score / never to form.
    language : str, default "en"
        The event's language: attendees whose file gives no language get the one of their own
        words (:func:`matchmaker.language.guess_language`), or this one when their words are too few.
    rejected_rows : sequence of RejectedRow
        Rows the reader refused, echoed in the result for the organizer.
    progress : callable, optional
        ``progress(fraction, message)`` through the stages.
    degree : int, default 3
        Partners per attendee.
    timing : bool, default False
        Put the wall time in ``stats.seconds`` (otherwise 0.0, to keep output byte-identical).
    glossary : str, default ""
        The organizer's terms, one concept per line (``term; synonym; traduction``), added to
        the lexicon for this run (:func:`matchmaker.lexicon.parse_glossary`).
    wishes : iterable of (email, email) or (email, email, kind)
        Who wants to meet whom (kind ``"meet"``, the default) or would rather not (``"avoid"``),
        on top of the attendees' own ``wishes`` field; see :func:`matchmaker.wishes.plan_wishes`.

    Raises
    ------
    MatchingError
        For an e-mail that appears twice or a pinned/forbidden e-mail not in the list.
    GlossaryError
        For a glossary line that cannot be read (the message names the line).

    Examples
    --------
    >>> from matchmaker import Attendee
    >>> people = [Attendee(email=f"p{k}@example.org", name=f"P{k}", offers="sales", needs="hiring")
    ...           for k in range(4)]
    >>> result = match_event(people)
    >>> [len(a["partners"]) for a in result["attendees"]], result["stats"]["rounds"]
    ([3, 3, 3, 3], 3)
    """
    from .evidence import EventTerms
    from .explain import explain_pair
    from .language import with_languages
    from .lexicon import parse_glossary
    from .matching import choose_partners
    from .rounds import assign_rounds
    from .scoring import score_candidates
    from .wishes import plan_wishes, wish_stats, wishes_from_attendees, with_bonus

    started = time.perf_counter()
    attendees, languages = with_languages(list(attendees), language)
    index = _indices(attendees)
    pins = _resolve(pinned, index, "pinned")
    bans = _resolve(forbidden, index, "forbidden")
    _check_pin_counts(pins, attendees, degree)
    wishes = wishes_from_attendees(attendees) + list(wishes)
    plan = plan_wishes(attendees, wishes, pinned=pins, forbidden=bans, allow_colleagues=allow_colleagues,
                       degree=degree) if wishes else None
    if plan is not None:
        pins, bans = pins + plan.pins, bans + plan.forbidden
    terms_glossary = parse_glossary(glossary)
    report = progress or (lambda fraction, message: None)
    report(0.0, "scoring pairs")
    terms = EventTerms(attendees, glossary=terms_glossary)
    cand = score_candidates(attendees, allow_colleagues=allow_colleagues, forbidden=bans, seed=seed,
                            progress=_scaled(progress, 0.0, 0.45), terms=terms)
    report(0.45, "choosing partners")
    wished = with_bonus(cand, plan) if plan is not None else cand
    selection = choose_partners(wished, degree=degree, pinned=pins, seed=seed,
                                progress=_scaled(progress, 0.45, 0.8))
    report(0.8, "assigning rounds")
    rounds = assign_rounds(selection.pairs, seed=seed)
    pairs = sorted(selection.pairs, key=lambda p: (rounds[p], p))
    scores = (np.asarray(cand.pair_scores(np.array([p[0] for p in pairs], np.int64),
                                          np.array([p[1] for p in pairs], np.int64)), float)
              if pairs else np.zeros(0))
    weak = _weak_flags(cand, pairs)
    report(0.85, "writing explanations")
    out_pairs, two_way = [], 0
    step = max(1, len(pairs) // 20)
    for t, (a, b) in enumerate(pairs):
        pa, pb = attendees[a], attendees[b]
        why = explain_pair(pa, pb, language_a=pa.language, language_b=pb.language, terms=terms)
        two_way += bool(why.a_helps_b and why.b_helps_a)
        out_pairs.append({
            "a": pa.email, "b": pb.email, "round": int(rounds[(a, b)]),
            "score": round(float(scores[t]), _DIGITS), "weak": bool(weak[t]),
            "a_helps_b": why.a_helps_b, "b_helps_a": why.b_helps_a,
            "a_gives": list(why.a_gives), "b_gives": list(why.b_gives), "shared": list(why.shared),
            "questions_for_a": list(why.questions_for_a), "questions_for_b": list(why.questions_for_b),
        })
        if plan is not None:
            out_pairs[-1].update(a_asked=(a, b) in plan.asked, b_asked=(b, a) in plan.asked)
        if t % step == 0:
            report(0.85 + 0.15 * t / len(pairs), "writing explanations")
    partners: list[list[tuple[int, int]]] = [[] for _ in attendees]
    for a, b in pairs:
        partners[a].append((rounds[(a, b)], b))
        partners[b].append((rounds[(a, b)], a))
    value = round(float(scores.sum()), _DIGITS)
    objective = float(scores.sum()) + (wished.bonus_of(pairs) if wished is not cand else 0.0)
    bound = round(float(max(selection.bound, objective)), _DIGITS)
    note = _rounds_note(rounds, degree, len(attendees))
    result = {
        "attendees": [{"email": p.email, "name": p.name,
                       "partners": [attendees[k].email for _, k in sorted(partners[i])],
                       "language": p.language, "language_guessed": languages[i].guessed,
                       "language_source": languages[i].source}
                      for i, p in enumerate(attendees)],
        "pairs": out_pairs,
        "unmatched": [{"email": attendees[k].email, "name": attendees[k].name, **_reason(reason)}
                      for k, reason in sorted(selection.unmatched.items())],
        "rejected_rows": [{"line": int(getattr(r, "line", None) if not isinstance(r, dict) else r["line"]),
                           **_reason(r)} for r in rejected_rows],
        "stats": {
            "attendees": len(attendees), "pairs": len(pairs),
            "rounds": max(rounds.values(), default=0),
            "seconds": round(time.perf_counter() - started, 2) if timing else 0.0,
            "value": value, "bound": bound,
            "share_of_bound": round(objective / bound, _DIGITS) if bound > 0 else 1.0,
            "two_way_share": round(two_way / len(pairs), _DIGITS) if pairs else 0.0,
            "weak_pairs": int(weak.sum()),
            "rounds_note": str(note), **({"rounds_note_code": note.code, "rounds_note_params": note.params}
                                         if isinstance(note, Reason) else {}),
        },
    }
    if plan is not None:
        result["stats"]["wishes"] = wish_stats(plan, pairs)
    report(1.0, "done")
    return result
