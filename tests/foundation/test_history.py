"""History rows carry the user who changed a record, through the pages and the admin."""

from django.urls import reverse

from tests import factories
from workstreams.models import Workstream


def test_an_admin_change_records_the_admin_as_the_history_user(client, admin_user):
    workstream = factories.WorkstreamFactory(title="Avant")
    client.force_login(admin_user)
    url = reverse("admin:workstreams_workstream_change", args=[workstream.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "code": workstream.code,
            "title": "Après",
            "priority": workstream.priority_id,
            "owner": workstream.owner_id,
            "org_unit": workstream.org_unit_id,
            "phase": workstream.phase,
            "weight": 1,
            "start_date": "01/09/2021",
            "target_date": "30/06/2022",
            "milestones-TOTAL_FORMS": 0,
            "milestones-INITIAL_FORMS": 0,
            "actions-TOTAL_FORMS": 0,
            "actions-INITIAL_FORMS": 0,
        }
    )
    for key in ("domains", "mandate_priorities", "affected_units"):
        data.pop(key, None)
    data.pop("sponsor", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    workstream.refresh_from_db()
    assert workstream.title == "Après"
    latest = workstream.history.latest()
    assert latest.history_user == admin_user
    assert latest.history_type == "~"
    assert latest.prev_record.title == "Avant"


def test_every_business_model_keeps_history():
    from django.apps import apps

    audited_apps = {"organisation", "priorities", "workstreams", "governance", "recruitment"}
    missing = [
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in audited_apps
        and not model.__name__.startswith("Historical")
        and not hasattr(model, "history")
        and not model._meta.auto_created
    ]
    assert missing == []
    assert Workstream.history.model.__name__ == "HistoricalWorkstream"
