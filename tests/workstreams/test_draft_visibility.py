"""Who sees a draft status update: its author, the workstream's owner and the DG; not HR,
not another director (workstreams.permissions, one rule for every page and export)."""

import pytest

from tests import factories
from workstreams import services
from workstreams.models import StatusUpdate
from workstreams.permissions import can_see_drafts_of, status_updates_visible_to

DETAIL = "/workstreams/CSC-01/"
DRAFT_RISK = "Le prestataire menace de se retirer."
EDITED_RISK = "Un prestataire à confirmer."


@pytest.fixture
def colleague(director):
    """Lina, a director of Karim's direction: may post updates on his workstreams."""
    return factories.DirectorFactory(
        username="lina", first_name="Lina", last_name="Roux", org_unit=director.org_unit
    )


@pytest.fixture
def draft(workstream, colleague):
    """Lina's draft on Karim's CSC-01, edited once: its text is hers until submitted."""
    data = {"weather": "at_risk", "progress": 50, "risks": DRAFT_RISK}
    update = services.status_update_create(
        workstream=workstream, data=data, submit=False, actor=colleague
    )
    return services.status_update_edit(
        update=update,
        version=update.version,
        data={**data, "risks": EDITED_RISK},
        submit=False,
        actor=colleague,
    )


def page(client, user) -> str:
    client.force_login(user)
    return client.get(DETAIL).content.decode()


@pytest.mark.parametrize("persona", ["hr", "other_director"])
def test_hr_and_another_director_see_neither_the_draft_nor_its_text_in_the_history(
    client, request, persona, draft
):
    content = page(client, request.getfixturevalue(persona))
    assert DRAFT_RISK not in content and EDITED_RISK not in content
    assert "Brouillon du" not in content
    history = content.split('id="historique"')[1]
    assert "le point d'avancement" not in history


@pytest.mark.parametrize("persona", ["director", "dg", "colleague"])
def test_the_owner_the_dg_and_the_author_see_the_draft_and_its_history(
    client, request, persona, draft
):
    content = page(client, request.getfixturevalue(persona))
    assert "Brouillon du" in content
    history = content.split('id="historique"')[1]
    assert f"<del>{DRAFT_RISK}</del> → <ins>{EDITED_RISK}</ins>" in history


def test_once_submitted_others_see_the_update_appear_without_the_earlier_draft_text(
    client, other_director, draft, colleague
):
    services.status_update_submit(update=draft, version=draft.version, actor=colleague)
    client.force_login(other_director)
    response = client.get(DETAIL)
    updates = [e for e in response.context["history"] if e.kind == "status_update"]
    # The draft's two versions are hidden; the submission is, to Sophie, its creation.
    assert [(e.action, e.who, e.changes) for e in updates] == [("+", "Lina Roux", [])]
    assert EDITED_RISK in response.content.decode()  # the submitted update itself
    assert DRAFT_RISK not in response.content.decode()


def test_a_second_director_of_the_unit_does_not_see_a_colleagues_draft_on_the_page(
    client, director, draft
):
    other_colleague = factories.DirectorFactory(org_unit=director.org_unit)
    content = page(client, other_colleague)
    assert "Brouillon du" not in content
    client.force_login(other_colleague)
    edit = f"/workstreams/CSC-01/updates/{draft.pk}/edit/"
    assert client.get(edit).status_code == 404


def test_the_rule_in_one_place(workstream, director, other_director, dg, hr, colleague, draft):
    assert can_see_drafts_of(director, workstream) and can_see_drafts_of(dg, workstream)
    assert not can_see_drafts_of(other_director, workstream)
    assert not can_see_drafts_of(hr, workstream)
    assert not can_see_drafts_of(colleague, workstream)  # only their own, below
    drafts = StatusUpdate.objects.filter(state=StatusUpdate.State.DRAFT)
    seen = {
        user.username: status_updates_visible_to(user, drafts).count()
        for user in (director, other_director, dg, hr, colleague)
    }
    assert seen == {"directeur": 1, "directrice2": 0, "dg": 1, "rh": 0, "lina": 1}


def test_hiding_drafts_costs_hr_no_extra_query(client, hr, draft, django_assert_num_queries):
    client.force_login(hr)
    # 1 session, 2 user, 3 the workstream, 4 status updates (drafts filtered in the same
    # query), 5 milestones, 6 actions, 7 decisions, 8 positions, 9 the history (the
    # visible versions as a subquery of the same UNION).
    with django_assert_num_queries(9):
        response = client.get(DETAIL)
    assert response.status_code == 200
