"""Panels that apps above workstreams add to the workstream page.

Workstreams sits below recruitment and governance (DESIGN.md §2) and must not read their
models, not even through a reverse accessor. Each of those apps registers, in its
`AppConfig.ready()`, a function that builds its own panel for a workstream; the page
renders whatever is registered, in `order`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workstreams.models import Workstream


@dataclass(frozen=True)
class Panel:
    title: Any  # a lazy translation is fine
    template_name: str  # rendered with `panel` in its context
    anchor: str  # the section's id, for links to it
    order: int = 100
    context: dict[str, Any] = field(default_factory=dict)


PanelBuilder = Callable[[Workstream, Any], Panel | None]

_builders: list[PanelBuilder] = []


def register_detail_panel(builder: PanelBuilder) -> PanelBuilder:
    """Add a panel to the workstream page; usable as a decorator. Registering the same
    function twice (a second `ready()` in tests) keeps one."""
    if builder not in _builders:
        _builders.append(builder)
    return builder


def detail_panels(workstream: Workstream, user) -> list[Panel]:
    """The panels of the registered apps for this workstream and viewer, in order."""
    panels = [panel for build in _builders if (panel := build(workstream, user)) is not None]
    return sorted(panels, key=lambda panel: panel.order)
