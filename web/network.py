"""A picture of an event's network of conversations, drawn on the server as SVG.

The layout is computed here (networkx, fixed seed, so the same matches always
give the same picture); the ``<svg>`` itself is written by the autoescaping
template ``events/_network.html`` so that names can never inject markup. No
JavaScript is involved, and presentation attributes (not ``style``) keep it
within the Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from flask_babel import gettext

from .models import Event

__all__ = ["ROUND_COLOURS", "MAX_NODES", "Network", "network_for"]

#: Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
ROUND_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
MAX_NODES = 400
SIZE = 600
_MARGIN = 24


@dataclass
class Network:
    """What the template draws: node and edge coordinates in a ``SIZE`` square."""

    size: int
    total: int
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    rounds: list[dict] = field(default_factory=list)

    @property
    def shown(self) -> int:
        return len(self.nodes)


def network_for(event: Event, *, max_nodes: int = MAX_NODES, seed: int | None = None) -> Network:
    """Lay out the attendees (nodes) and matches (edges coloured by round) of ``event``.

    Parameters
    ----------
    max_nodes : int
        Only the first ``max_nodes`` attendees (by id) are drawn; ``Network.total`` says how many exist.
    seed : int, optional
        Layout seed; defaults to the event's matching seed.
    """
    attendees = list(event.attendees)
    kept = attendees[:max_nodes]
    ids = {a.id for a in kept}
    graph = nx.Graph()
    graph.add_nodes_from(a.id for a in kept)
    matches = [m for m in event.matches if m.a_id in ids and m.b_id in ids]
    graph.add_edges_from((m.a_id, m.b_id) for m in matches)
    if not kept:
        return Network(size=SIZE, total=len(attendees))
    # Fewer iterations on large pictures keep the event page quick; the layout stays seeded.
    iterations = max(20, min(60, 12_000 // len(kept)))
    positions = nx.spring_layout(graph, seed=event.seed if seed is None else seed, iterations=iterations)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0

    scale = (SIZE - 2 * _MARGIN) / span
    # Centre the drawing along its shorter side instead of leaving it in a corner.
    dx = (SIZE - (max(xs) - min(xs)) * scale) / 2
    dy = (SIZE - (max(ys) - min(ys)) * scale) / 2

    def place(node_id):
        x, y = positions[node_id]
        return round(dx + (x - min(xs)) * scale, 1), round(dy + (y - min(ys)) * scale, 1)

    where = {a.id: place(a.id) for a in kept}
    radius = 6 if len(kept) <= 60 else 4 if len(kept) <= 200 else 3
    nodes = [{"x": where[a.id][0], "y": where[a.id][1], "r": radius, "name": a.name,
              "company": a.company, "partners": graph.degree[a.id]} for a in kept]
    names = {a.id: a.name for a in kept}
    edges = []
    for m in matches:
        (x1, y1), (x2, y2) = where[m.a_id], where[m.b_id]
        edges.append({"x1": x1, "y1": y1, "x2": x2, "y2": y2, "round": m.round, "colour": _colour(m.round),
                      "dashed": m.weak, "title": gettext("%(a)s – %(b)s, round %(round)d", a=names[m.a_id], b=names[m.b_id],
                                                 round=m.round)})
    rounds = [{"round": r, "colour": _colour(r)} for r in sorted({m.round for m in matches})]
    return Network(size=SIZE, total=len(attendees), nodes=nodes, edges=edges, rounds=rounds)


def _colour(round_number: int) -> str:
    return ROUND_COLOURS[(int(round_number) - 1) % len(ROUND_COLOURS)]
