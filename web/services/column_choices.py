"""The column mapper: an organizer's choice of field per column, and its memory.

The reader reads each column by alias or by meaning
(:func:`matchmaker.headers.read_columns`); the organizer may read some columns
differently in the upload preview or with the API's ``columns`` mapping. What
differs from the automatic reading is kept per organizer and per header row
(:class:`~web.models.ColumnChoice`, keyed by :func:`header_hash`), and applied
again to their next file with the same headers. Functions flush, never commit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from flask_babel import gettext
from sqlalchemy import select

from matchmaker.headers import FIELDS, LIST_FIELDS, header_key

from ..extensions import db
from ..models import ColumnChoice
from .exceptions import Invalid

__all__ = ["FIELDS", "IGNORE", "choices_from_form", "differences", "doubled_field", "header_hash", "parse_api_columns",
           "remember", "remembered"]

#: The select's value for "read this column as no field".
IGNORE = ""


def header_hash(headers: list[str]) -> str:
    """SHA-256 of the header row, read as the reader compares headers (case, accents, punctuation aside).

    >>> header_hash(["E-mail", "Prénom"]) == header_hash(["email ", "PRENOM"])
    True
    >>> header_hash(["E-mail", "Prénom"]) == header_hash(["Prénom", "E-mail"])
    False
    """
    return hashlib.sha256("\x1f".join(header_key(h) for h in headers).encode()).hexdigest()


def differences(readings: list[dict], chosen: Mapping[int, str | None]) -> dict[int, str | None]:
    """The columns whose chosen field differs from how they were read (``None``: ignored).

    >>> readings = [{"index": 0, "field": "email"}, {"index": 1, "field": None}]
    >>> differences(readings, {0: "email", 1: "offers"})
    {1: 'offers'}
    """
    current = {r["index"]: r["field"] for r in readings}
    return {index: field for index, field in sorted(chosen.items())
            if index in current and (field or None) != current[index]}


def doubled_field(chosen: Mapping[int, str | None]) -> str | None:
    """A single-valued field chosen for two columns or more, if any (list fields may gather several).

    >>> doubled_field({0: "email", 1: "offers", 2: "offers"}) is None, doubled_field({0: "email", 3: "email"})
    (True, 'email')
    """
    seen = set()
    for field in chosen.values():
        if field and field not in LIST_FIELDS:
            if field in seen:
                return field
            seen.add(field)
    return None


def choices_from_form(form: Mapping[str, str]) -> dict[int, str | None] | None:
    """The field chosen for each column in the preview form (``column-<index>`` fields), or None when none.

    >>> choices_from_form({"column-0": "email", "column-2": "", "token": "x"})
    {0: 'email', 2: None}

    Raises
    ------
    Invalid
        A value that is not a field name (a forged form).
    """
    chosen: dict[int, str | None] = {}
    for key, value in form.items():
        index = key.removeprefix("column-")
        if index == key or not index.isdigit() or len(index) > 4:
            continue
        if value != IGNORE and value not in FIELDS:
            raise Invalid(gettext("Choose a field from the list for each column."), field=key)
        chosen[int(index)] = value or None
    return chosen or None


def parse_api_columns(raw: str | None) -> dict | None:
    """The API's ``columns`` parameter: a JSON object, header text or 0-based index -> field or null.

    >>> parse_api_columns('{"Ask me about": "offers", "3": null}')
    {'Ask me about': 'offers', 3: None}
    >>> parse_api_columns(None) is None
    True
    """
    if raw is None or not raw.strip():
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict) or any(v is not None and not isinstance(v, str) for v in value.values()):
        raise Invalid("The columns parameter must be a JSON object mapping a header (or a column number "
                      f"from 0) to a field name or null; fields: {', '.join(FIELDS)}.", field="columns")
    return {int(k) if k.isdigit() else k: (v or None) for k, v in value.items()}


def _row(organizer_id: int, digest: str) -> ColumnChoice | None:
    return db.session.scalar(select(ColumnChoice).where(ColumnChoice.organizer_id == organizer_id,
                                                        ColumnChoice.header_hash == digest))


def remembered(organizer_id: int, headers: list[str]) -> dict[int, str | None]:
    """The organizer's earlier choices for this header row ({} when none), by column index."""
    row = _row(organizer_id, header_hash(headers))
    if row is None:
        return {}
    return {int(index): (field or None) for index, field in (row.mapping or {}).items()
            if str(index).isdigit() and int(index) < len(headers) and (not field or field in FIELDS)}


def remember(organizer_id: int, headers: list[str], mapping: Mapping[int, str | None]) -> None:
    """Keep ``mapping`` (column index -> field or None) for this organizer's next files with these headers.

    An empty mapping forgets the earlier choice: the automatic reading was kept.
    """
    digest = header_hash(headers)
    row = _row(organizer_id, digest)
    if not mapping:
        if row is not None:
            db.session.delete(row)
            db.session.flush()
        return
    stored = {str(index): field or IGNORE for index, field in sorted(mapping.items())}
    if row is None:
        db.session.add(ColumnChoice(organizer_id=organizer_id, header_hash=digest, mapping=stored))
    else:
        row.mapping = stored
    db.session.flush()
