"""matchmaker: three partners each, chosen for the help they can give each other.

The engine is pure functions over plain data: no web framework, no database,
no I/O besides its command line. The pipeline is::

    bytes --read_attendees--> Attendee list --score_candidates--> sparse
    reciprocity scores --choose_partners--> three partners each
    --assign_rounds--> rounds --explain_pair--> reasons and questions

Heavy modules (scikit-learn, scipy) are imported on first use, so that
``import matchmaker`` stays fast for the web application and the CLI.

Examples
--------
>>> import matchmaker
>>> matchmaker.Attendee(email="a@example.org", name="A").email
'a@example.org'
"""

from importlib import import_module

from .errors import FileFormatError, MatchingError, MatchmakerError
from .profiles import Attendee

__all__ = [
    "Attendee",
    "FileFormatError",
    "MatchingError",
    "MatchmakerError",
    "read_attendees",
    "match_event",
    "explain_pair",
    "linkedin_message",
]

_LAZY = {
    "read_attendees": "matchmaker.reader",
    "match_event": "matchmaker.pipeline",
    "explain_pair": "matchmaker.explain",
    "linkedin_message": "matchmaker.followup",
}


def __getattr__(name):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'matchmaker' has no attribute {name!r}")
