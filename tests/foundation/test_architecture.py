"""The layout says the architecture: the stack holds in both directions, files stay small.

import-linter (`make contracts`) checks that no app imports from an app above it. An app
can still reach an upper app's models without an import, through the reverse accessor
that the upper app's foreign key adds to the lower model (`workstream.decisions`); this
test reads the lower apps' code and templates for those names.
"""

import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
STACK = [
    "core",
    "notifications",
    "organisation",
    "priorities",
    "workstreams",
    "recruitment",
    "governance",
    "reporting",
    "demo",
]
MAX_LINES = 500


def _upper_accessors() -> dict[str, set[str]]:
    """For each app, the reverse accessors that upper apps' models add to its models."""
    found: dict[str, set[str]] = {app: set() for app in STACK}
    for model in apps.get_models():
        lower = model._meta.app_label
        if lower not in STACK:
            continue
        for field in model._meta.get_fields():
            if not (field.is_relation and field.auto_created and not field.concrete):
                continue
            upper = field.related_model._meta.app_label
            if upper in STACK and STACK.index(upper) > STACK.index(lower):
                accessor = field.get_accessor_name()
                if accessor and not accessor.endswith("+"):
                    found[lower].add(accessor)
                    # Query lookups use the related query name (filter(workstreams__…)).
                    found[lower].add(f"{field.remote_field.related_query_name()}__")
    return found


def _sources(app: str) -> list[Path]:
    files = [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
    return files + list((ROOT / "templates" / app).rglob("*.html"))


def test_no_lower_app_reads_an_upper_apps_models_through_a_reverse_accessor():
    accessors_by_app = _upper_accessors()
    offences = []
    for app, accessors in accessors_by_app.items():
        if not accessors:
            continue
        pattern = re.compile(
            "|".join(
                rf"\b{re.escape(a)}"
                if a.endswith("__")
                else rf"\.{re.escape(a)}\b|get_field\([\"']{re.escape(a)}[\"']\)"
                for a in sorted(accessors)
            )
        )
        for path in _sources(app):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line):
                    offences.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offences == []


def test_the_probe_finds_a_reverse_accessor_when_there_is_one(tmp_path):
    # The check above would pass vacuously if the accessor list were empty.
    accessors = _upper_accessors()
    assert "decisions" in accessors["workstreams"]
    assert "positions" in accessors["workstreams"]


def test_no_source_file_grows_past_a_few_hundred_lines():
    allowed = {ROOT / "demo" / "data.py"}  # the programme document's content, as data
    long_files = []
    for app in [*STACK, "cap2021"]:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path in allowed:
                continue
            lines = len(path.read_text().splitlines())
            if lines > MAX_LINES:
                long_files.append(f"{path.relative_to(ROOT)}: {lines}")
    assert long_files == []
