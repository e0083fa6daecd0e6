"""Use-cases: every query and every write of the web application and the API.

They flush and never commit: the view or command that calls them commits once.
They raise :mod:`web.services.exceptions` (``Invalid``, ``NotFound``, ``Conflict``).
Matching is three modules: :mod:`.matching_jobs` (the queue and a run),
:mod:`.engine_adapter` (rows to engine input and back) and :mod:`.pair_rules`.
"""
