"""Panels that upper apps add to a lower app's page.

An app may not read an upper app's models, not even through a reverse accessor
(DESIGN.md §2), yet its pages show what the apps above record about its objects: the
workstream page shows governance's decisions and recruitment's positions, the recruitment
page shows governance's decisions. Each upper app registers, in its `AppConfig.ready()`,
a function that builds its own panel for an object of a named page; the page renders
whatever is registered, in `order`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    title: Any  # a lazy translation is fine
    template_name: str  # rendered with `panel` in its context
    anchor: str  # the section's id, for links to it
    order: int = 100
    context: dict[str, Any] = field(default_factory=dict)


type PanelBuilder = Callable[[Any, Any], Panel | None]

_builders: dict[str, list[PanelBuilder]] = {}


def register_panel(page: str) -> Callable[[PanelBuilder], PanelBuilder]:
    """Add a panel to `page` (e.g. "workstream"); a decorator. Registering the same
    function twice (a second `ready()` in tests) keeps one."""

    def add(builder: PanelBuilder) -> PanelBuilder:
        builders = _builders.setdefault(page, [])
        if builder not in builders:
            builders.append(builder)
        return builder

    return add


def panels_for(page: str, obj: Any, user: Any) -> list[Panel]:
    """The registered panels of `page` for this object and viewer, in order."""
    built = [panel for build in _builders.get(page, []) if (panel := build(obj, user))]
    return sorted(built, key=lambda panel: panel.order)
