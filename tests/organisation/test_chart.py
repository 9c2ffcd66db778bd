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
