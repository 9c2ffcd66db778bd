"""The org chart shows today's organisation beside the target."""

from organisation.models import OrgUnit
from tests import factories


def _sections(content: str) -> tuple[str, str]:
    today = content.split('id="org-today"', 1)[1].split('id="org-target"', 1)[0]
    target = content.split('id="org-target"', 1)[1].split("</section>", 1)[0]
    return today, target


def test_a_planned_unit_is_in_the_target_but_not_today_and_a_dissolved_one_in_neither(
    client, dg, django_assert_num_queries
):
    pole = factories.OrgUnitFactory(name="Pôle Ressources", kind=OrgUnit.Kind.POLE)
    factories.OrgUnitFactory(name="Direction de la citoyenneté", acronym="DCV", parent=pole)
    factories.OrgUnitFactory(
        name="Direction Solidarité Citoyenneté Accès aux droits",
        parent=pole,
        state=OrgUnit.State.PLANNED,
    )
    factories.OrgUnitFactory(name="Ancien service courrier", state=OrgUnit.State.DISSOLVED)
    client.force_login(dg)
    with django_assert_num_queries(5):
        # 1 session, 2 user, 3 every non-dissolved unit with its head and parent (one query
        # whatever the size), the header's 4 current programme (none here) and so 5 the
        # commune on its own; the session is not written (SESSION_REFRESH_SECONDS)
        content = client.get("/organisation/").content.decode()
    today, target = _sections(content)
    assert "Direction de la citoyenneté" in today and "Direction de la citoyenneté" in target
    assert "Solidarité Citoyenneté" not in today
    assert "Solidarité Citoyenneté" in target
    assert "Ancien service courrier" not in content
    # The planned direction sits under its pôle in the target tree.
    assert target.index("Pôle Ressources") < target.index("Solidarité Citoyenneté")


def test_elected_officials_do_not_open_the_internal_org_chart(client, elected):
    client.force_login(elected)
    assert client.get("/organisation/").status_code == 403


def _depths(section: str) -> dict[str, int]:
    """Each unit's depth in the section's nested lists (1 for a root), the lists checked
    balanced on the way."""
    from html.parser import HTMLParser

    class Outline(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open: list[str] = []
            self.depths: dict[str, int] = {}
            self.in_name = False

        def handle_starttag(self, tag, attrs):
            if tag in ("ul", "li"):
                self.open.append(tag)
            self.in_name = tag == "strong"

        def handle_endtag(self, tag):
            if tag in ("ul", "li"):
                assert self.open.pop() == tag, f"</{tag}> closes another element"
            self.in_name = False

        def handle_data(self, data):
            if self.in_name:
                self.depths[data] = self.open.count("ul")

    parser = Outline()
    parser.feed(section)
    assert parser.open == [], "a list or an item left open"
    return parser.depths


def test_the_chart_nests_each_unit_under_its_parent_at_any_depth(client, dg):
    pole = factories.OrgUnitFactory(name="Pôle Ressources", kind=OrgUnit.Kind.POLE)
    rh = factories.OrgUnitFactory(name="Direction RH", kind="direction", parent=pole)
    factories.OrgUnitFactory(name="Service paie", kind="service", parent=rh)
    careers = factories.OrgUnitFactory(name="Service carrières", kind="service", parent=rh)
    factories.OrgUnitFactory(name="Cellule concours", kind="cell", parent=careers)
    factories.OrgUnitFactory(name="Direction des finances", kind="direction", parent=pole)
    factories.OrgUnitFactory(
        name="Direction du numérique", kind="direction", parent=pole, state="planned"
    )
    factories.OrgUnitFactory(name="Pôle Proximité", kind=OrgUnit.Kind.POLE)
    client.force_login(dg)
    today, target = _sections(client.get("/organisation/").content.decode())
    expected = {
        "Pôle Proximité": 1,
        "Pôle Ressources": 1,
        "Direction RH": 2,
        "Direction des finances": 2,
        "Service carrières": 3,
        "Service paie": 3,
        "Cellule concours": 4,
    }
    assert _depths(today) == expected
    assert _depths(target) == {**expected, "Direction du numérique": 2}
    assert "Prévue" in target


def test_the_chart_runs_the_same_queries_for_a_few_and_many_units(
    client, dg, django_assert_num_queries
):
    factories.default_programme()  # the header's current programme, with its commune
    client.force_login(dg)
    for n in (2, 40):
        pole = factories.OrgUnitFactory(kind=OrgUnit.Kind.POLE, head=factories.UserFactory())
        for _ in range(n):
            factories.OrgUnitFactory(parent=pole, state="planned")
        # 1 session, 2 user, 3 every non-dissolved unit with its head's and parent's names,
        # 4 the current programme with its commune (header).
        with django_assert_num_queries(4):
            content = client.get("/organisation/").content.decode()
        assert str(pole.head) in content
