"""seed_demo loads the CAP 2021 programme of the 3 July 2021 point d'étape and the example
programme of the 2026-2032 mandate, once."""

import datetime as dt
import io

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory, override_settings

from governance.models import Body, Decision
from organisation.models import OrgUnit, User
from priorities.models import Domain, MandatePriority, Priority
from recruitment.models import LegalReference, Recruitment
from workstreams.models import Milestone, StatusUpdate, Workstream

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def seeded_module(django_db_setup, django_db_blocker):
    """One seed for the whole module (it takes a second or two), rolled back at its end;
    each test still runs in its own savepoint through `db`."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with (
                override_settings(DEBUG=True),
                time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False),
            ):
                call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded(seeded_module, db):
    """The programme as seed_demo loaded it on 2 March 2026."""


def row_counts() -> dict[str, int]:
    """Rows of every table Django knows: models, history models and m2m tables."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def test_seed_loads_the_five_domains_the_four_mandate_priorities_and_the_six_priorities(
    seeded,
):
    # Domains and mandate priorities belong to a mandate: the 2026 mandate has its own rows.
    for mandate in ("Mandat 2020-2026", "Mandat 2026-2032"):
        domains = Domain.objects.filter(mandate__name=mandate)
        assert list(domains.values_list("number", "name")) == [
            (1, "Éducation Enfance Jeunesse"),
            (2, "Animation et Vie associative"),
            (3, "Transition écologique et développement durable"),
            (4, "Cohésion sociale et citoyenneté"),
            (5, "Ressources"),
        ]
        mandate_priorities = MandatePriority.objects.filter(mandate__name=mandate)
        assert list(mandate_priorities.values_list("name", flat=True)) == [
            "Qualité des services publics",
            "Urgence sociale",
            "Transition écologique",
            "Démocratie locale",
        ]
    priorities = Priority.objects.filter(programme__slug="cap-2021").prefetch_related(
        "mandate_priorities", "domains"
    )
    assert [(p.code, p.name) for p in priorities] == [
        ("CSC", "Cohésion sociale – Citoyenneté"),
        ("VAM", "Vie associative – Manifestations"),
        ("GRU", "Accueil du public – Relation à l'usager (GRU)"),
        ("CCI", "Communication et cohésion internes"),
        ("PTS", "Sécurité – Tranquillité – Prévention"),
        ("TRA", "Transversalité"),
    ]
    for priority in priorities:
        assert priority.lead is not None
        assert priority.mandate_priorities.all()
        assert priority.domains.all()


@pytest.mark.parametrize(
    ("username", "role", "superuser"),
    [
        ("dg", "dg", False),
        ("directeur", "director", False),
        ("elu", "elected", False),
        ("rh", "hr", False),
        ("admin", "dg", True),
    ],
)
def test_each_demo_account_logs_in_with_the_demo_password_and_has_its_role(
    seeded, username, role, superuser
):
    # A login as the login page makes it (django-axes needs the request it throttles).
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username=username, password="cap2021-demo")
    assert user is not None
    assert user.role == role
    assert user.is_superuser is superuser
    assert user.is_staff is superuser


def test_the_demo_people_have_their_jobs_and_the_others_cannot_log_in(seeded):
    directeur = User.objects.get(username="directeur")
    assert directeur.org_unit.acronym == "DCV"
    assert OrgUnit.objects.get(acronym="DCV").head == directeur
    assert User.objects.get(username="elu").delegation == "Adjointe à la citoyenneté"
    assert set(
        Workstream.objects.filter(sponsor__username="elu").values_list("code", flat=True)
    ) >= {"CSC-01", "GRU-01", "GRU-02"}
    assert directeur.owned_workstreams.count() >= 3
    others = User.objects.exclude(username__in=["dg", "directeur", "elu", "rh", "admin"])
    assert others.count() >= 8
    assert not any(user.has_usable_password() for user in others)


def test_seed_creates_one_workstream_per_action_of_the_document(seeded):
    titles = dict(
        Workstream.objects.filter(programme__slug="cap-2021").values_list("code", "title")
    )
    assert titles["CSC-01"] == (
        "Création d'une direction Solidarité – Citoyenneté – Accès aux droits"
    )
    assert "Police municipale" in titles["PTS-01"]
    assert "Leinster" in titles["VAM-01"]
    assert titles["GRU-01"] == "Fonctions accueil de la DCV"
    assert "LETTERBOX" in titles["GRU-02"]
    assert "Cellule Transversalité" in titles["TRA-01"]
    assert "dialogue citoyen" in titles["TRA-02"]
    assert "2 ou 3 priorités" in titles["CCI-01"]
    assert "ressources dédiées" in titles["CCI-02"]
    assert titles["GOV-01"] == "Nouvelles instances : CODIR et réunion hebdomadaire DG"
    assert titles["ORG-01"] == "Organisation cible à formaliser"
    assert len(titles) == 22
    pts = Workstream.objects.get(code="PTS-01", programme__slug="cap-2021")
    assert pts.changes_organisation
    assert set(pts.affected_units.values_list("acronym", flat=True)) == {"PTS", "PM"}


def test_seed_creates_the_units_of_the_document_in_their_states(seeded):
    states = dict(OrgUnit.objects.values_list("acronym", "state"))
    assert states["DCV"] == "current"
    # Officialised on 2 January 2023, after the CT's opinion.
    assert states["DSCAD"] == "current"
    assert states["PTS"] == "planned"
    assert states["PM"] == "planned"
    assert states["VAM"] == "experimental"
    assert states["CTRA"] == "planned"
    assert states["Pôle NM"] == "current"
    assert states["DRH"] == "current"


def test_seed_records_a_cst_opinion_on_an_org_changing_workstream(seeded):
    csc = Workstream.objects.get(code="CSC-01")
    assert csc.changes_organisation
    assert csc.phase == "officialisation"
    assert csc.cst_opinion_on == dt.date(2022, 3, 15)
    opinion = Decision.objects.get(workstream=csc, kind="favourable")
    assert opinion.org_unit.acronym == "DSCAD"
    # Before the elections of 8 December 2022 the opinion was the Comité technique's.
    assert opinion.meeting.body.short_name == "CT"
    assert Body.objects.get(short_name="CST").convocation_days == 15


def test_seed_leaves_the_dashboard_something_overdue_due_and_waiting(seeded):
    # The example programme, dated from the run day, holds what is live.
    example = Milestone.objects.filter(workstream__programme__is_example=True)
    overdue_key = example.overdue(today=TODAY).filter(is_key=True)
    assert "Arrivée du chef de service de police municipale" in {m.title for m in overdue_key}
    due = example.due_within(30, today=TODAY)
    opening = due.get(title="Ouverture du guichet unique en mairie")
    assert opening.due_date == TODAY + dt.timedelta(days=12)
    assert due.count() >= 3
    waiting = StatusUpdate.objects.awaiting_publication()
    assert {u.workstream.code for u in waiting} == {"SEC-01", "PRO-02"}
    assert all(u.workstream.programme.is_example for u in waiting)
    weathers = dict(
        Workstream.objects.filter(programme__is_example=True).values_list("code", "current_weather")
    )
    assert weathers["SEC-01"] == "off_track"
    assert set(weathers.values()) == {"on_track", "at_risk", "off_track"}
    assert Milestone.objects.get(title="Séminaire des élus : point d'étape").state == "achieved"
    assert Decision.objects.awaiting_follow_up().exists()
    assert Decision.objects.published().exists()


def test_seed_loads_the_legal_references_and_recruitments_at_several_stages(seeded):
    articles = set(LegalReference.objects.values_list("article", flat=True))
    assert {
        "L.542-2",
        "L.313-1",
        "L.313-4",
        "L.332-8 1°",
        "L.332-8 2°",
        "L.332-13",
        "L.332-14",
        "L.512-24",
        "R.332-15",
        "L.2131-2",
        "art. 4",
    } <= articles
    # CAP 2021 is closed: its recruitments ended (an unsuccessful one is not reopened: Cap
    # opens its republication, linked to it); the example programme's is in progress.
    cap = Recruitment.objects.filter(position__workstream__programme__slug="cap-2021")
    assert set(cap.values_list("stage", flat=True)) == {"closed", "unsuccessful", "abandoned"}
    police = cap.filter(position__title="Chef ou cheffe de service de police municipale")
    police = list(police.order_by("pk"))
    assert [r.stage for r in police] == ["unsuccessful", "unsuccessful", "abandoned"]
    assert [r.republication_of_id for r in police] == [None, police[0].pk, police[1].pk]
    example = Recruitment.objects.filter(position__workstream__programme__is_example=True)
    assert set(example.values_list("stage", flat=True)) == {
        "applications_closed",
        "need_identified",
    }


def test_seed_run_twice_writes_no_row_at_all(seeded, settings):
    settings.DEBUG = True
    before = row_counts()
    with time_machine.travel(dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.UTC), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == before
    assert before["workstreams.HistoricalWorkstream"] > 0


def test_seed_run_later_still_writes_nothing_and_keeps_what_people_changed(seeded, settings):
    settings.DEBUG = True
    Workstream.objects.filter(code="CSC-01").update(title="Titre changé par la DG")
    before = row_counts()
    with time_machine.travel(dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == before
    assert Workstream.objects.get(code="CSC-01").title == "Titre changé par la DG"


def test_the_admin_signs_only_the_reference_data_the_people_sign_the_rest(seeded):
    """The seed used to sign everything as the admin; it now plays the programme's story
    through the services, each row signed by who did it (tests/demo/test_demo_rules.py
    checks the dates)."""
    admin = User.objects.get(username="admin")
    reference = {"User", "Mandate", "Domain", "MandatePriority", "LegalReference"}
    reference |= {"FrameworkDocument", "Commune"}
    checked = 0
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and hasattr(model, "history_user"):
            rows = model.objects.all()
            checked += rows.count()
            if model.__name__.removeprefix("Historical") in reference:
                assert not rows.exclude(history_user=admin).exists(), model.__name__
            else:
                assert not rows.filter(history_user=admin).exists(), model.__name__
                assert not rows.filter(history_user__isnull=True).exists(), model.__name__
    assert checked > 500
    assert admin.history.earliest().history_type == "+"
    assert set(admin.history.values_list("history_user", flat=True)) == {admin.pk}


def test_seed_freezes_the_seminar_edition_shared_with_the_elus(seeded, client):
    """The morning of the seminar of 3 July 2021, the DG froze CAP 2021's point d'étape
    through reporting's service and shared it: the élu finds it among the editions."""
    from reporting.models import Edition

    edition, year_on = Edition.objects.order_by("date")
    assert edition.programme.slug == "cap-2021"
    assert edition.date == dt.date(2021, 7, 3)
    assert edition.occasion == "Séminaire des élus du 3 juillet 2021"
    assert edition.shared_with_elected
    assert edition.created_by.username == "dg"
    assert edition.history.get().history_user.username == "dg"
    # A year on, a second edition, shared too: by then updates were published.
    assert year_on.date == dt.date(2022, 7, 1) and year_on.shared_with_elected
    assert year_on.programme_id == edition.programme_id
    published = [w for p in year_on.content["priorities"] for w in p["workstreams"]]
    assert any(w["update_on"] for w in published)
    # Frozen that morning: the workstreams entered by then, and no update published later
    # (CAP 2021's first updates were published in September 2021).
    assert edition.content["date"] == "2021-07-03"
    workstreams = [w for p in edition.content["priorities"] for w in p["workstreams"]]
    assert "CSC-01" in {w["code"] for w in workstreams}
    assert all(w["update_on"] is None for w in workstreams)
    client.force_login(User.objects.get(username="elu"))
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        session = client.session
        session["programme_id"] = edition.programme_id
        session.save()
        page = client.get("/progress/editions/")
    assert page.status_code == 200
    assert "Séminaire des élus du 3 juillet 2021" in page.content.decode()
    assert "un an de CAP 2021" in page.content.decode()
