"""What the apps above add to the programme pages.

The programme list shows how many workstreams each programme holds, and starting a
programme offers its source's unfinished workstreams to carry over; both are the
workstreams app's rows, which this app may not read (DESIGN.md §2, not even through a
reverse accessor). The workstreams app registers, when it is loaded, a function for each.
"""

from collections.abc import Callable, Iterable
from typing import Any

# `figures(programme_ids)` -> {programme id: [(label, count), ...]}, in one query.
type FiguresOf = Callable[[list[int]], dict[int, list[tuple[Any, int]]]]
# `candidates(programme)` -> the objects that may be carried over, with `pk` and `str()`.
type CandidatesOf = Callable[[Any], Iterable[Any]]

_figures: list[FiguresOf] = []
_candidates: list[CandidatesOf] = []


def register_programme_figures(function: FiguresOf) -> FiguresOf:
    if function not in _figures:
        _figures.append(function)
    return function


def register_carry_over_candidates(function: CandidatesOf) -> CandidatesOf:
    if function not in _candidates:
        _candidates.append(function)
    return function


def programme_figures(programme_ids: list[int]) -> dict[int, list[tuple[Any, int]]]:
    figures: dict[int, list[tuple[Any, int]]] = {pk: [] for pk in programme_ids}
    for function in _figures:
        for pk, rows in function(programme_ids).items():
            figures.setdefault(pk, []).extend(rows)
    return figures


def carry_over_candidates(programme) -> list[Any]:
    return [obj for function in _candidates for obj in function(programme)]
