"""The workstream page shows the panels the apps above it register (decisions, posts)
without workstreams reading their models."""

import pytest

from core import panels
from tests import factories

DETAIL = "/workstreams/CSC-01/"


def test_the_decisions_panel_comes_before_the_posts_panel_whatever_the_app_order(
    client, dg, workstream
):
    factories.DecisionFactory(workstream=workstream, text="Le CODIR valide la charte.")
    factories.PositionFactory(workstream=workstream, title="Chargé de participation")
    client.force_login(dg)
    response = client.get(DETAIL)
    assert [p.anchor for p in response.context["panels"]] == ["decisions", "recrutements"]
    content = response.content.decode()
    assert content.index("Le CODIR valide la charte.") < content.index("Chargé de participation")
    assert content.index("Chargé de participation") < content.index('id="historique"')


def test_a_panel_builder_that_returns_none_shows_nothing(client, dg, workstream, monkeypatch):
    def nothing_for_this_viewer(workstream, user):
        return None

    monkeypatch.setitem(
        panels._builders, "workstream", [*panels._builders["workstream"], nothing_for_this_viewer]
    )
    client.force_login(dg)
    assert len(client.get(DETAIL).context["panels"]) == 2


def test_registering_the_same_builder_twice_keeps_one(monkeypatch):
    monkeypatch.setattr(panels, "_builders", {})

    def builder(workstream, user):
        return None

    panels.register_panel("workstream")(builder)
    panels.register_panel("workstream")(builder)
    assert panels._builders == {"workstream": [builder]}


@pytest.mark.parametrize("name", ["decisions", "positions", "recruitments", "agenda_items"])
def test_workstreams_code_reads_no_reverse_accessor_of_an_upper_app(name):
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    detail_template = root / "templates/workstreams/workstream_detail.html"
    sources = [*root.glob("workstreams/*.py"), detail_template]
    for path in sources:
        text = path.read_text()
        assert f".{name}." not in text and f".{name}\n" not in text, path
