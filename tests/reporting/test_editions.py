"""Editions of the point d'étape: frozen by the DG, immutable, compared with the previous
one, shared with the élus by a flag."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from priorities.models import Programme
from reporting import services
from reporting.models import Edition
from tests import factories
from workstreams import services as ws_services
from workstreams.models import Milestone, StatusUpdate

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2021, 7, 3, 9, 0, tzinfo=PARIS), tick=False):
        yield


def publish(workstream, **kwargs):
    return factories.StatusUpdateFactory(
        workstream=workstream,
        state=StatusUpdate.State.PUBLISHED,
        published_at=timezone.now(),
        **kwargs,
    )


@pytest.fixture
def programme(db, director):
    priority = factories.PriorityFactory(code="CSC", name="Cohésion sociale – Citoyenneté")
    guichet = factories.WorkstreamFactory(code="CSC-01", title="Guichet unique", priority=priority)
    accueil = factories.WorkstreamFactory(code="CSC-02", title="Accueil", priority=priority)
    publish(guichet, weather="at_risk", progress=30, public_summary="Premier point publié.")
    publish(accueil, weather="on_track", progress=50)
    key = factories.MilestoneFactory(
        workstream=guichet, title="Avis du CST", is_key=True, due_date=dt.date(2021, 9, 23)
    )
    reached = factories.MilestoneFactory(
        workstream=accueil, title="Schéma d'accueil", is_key=True, due_date=dt.date(2021, 8, 31)
    )
    factories.DecisionFactory(text="Décision déjà connue", published=True, workstream=guichet)
    return {
        "programme": priority.programme,
        "priority": priority,
        "guichet": guichet,
        "accueil": accueil,
        "key": key,
        "reached": reached,
    }


def freeze(programme, actor, occasion="Séminaire des élus", shared=True):
    return services.edition_freeze(
        programme=programme,
        date=timezone.localdate(),
        occasion=occasion,
        shared_with_elected=shared,
        actor=actor,
    )


def document(response) -> str:
    """The point d'étape itself, without the page's chrome (messages, share form)."""
    html = response.content.decode()
    return re.search(r'<article class="pe-document">.*</article>', html, re.S).group(0)


def test_the_dg_freezes_an_edition_from_the_page(client, dg, programme):
    client.force_login(dg)
    assert client.get("/progress/editions/new/").status_code == 200
    response = client.post(
        "/progress/editions/new/",
        {"occasion": "Séminaire des élus", "date": "2021-07-03", "shared_with_elected": "on"},
    )
    edition = Edition.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/progress/editions/{edition.pk}/"
    )
    assert edition.occasion == "Séminaire des élus" and edition.date == dt.date(2021, 7, 3)
    assert edition.shared_with_elected and edition.created_by == dg
    assert edition.history.count() == 1 and edition.history.get().history_user == dg
    codes = [w["code"] for p in edition.content["priorities"] for w in p["workstreams"]]
    assert codes == ["CSC-01", "CSC-02"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"occasion": "   ", "date": "2021-07-03"}, "Ce champ est obligatoire"),
        ({"occasion": "Conseil", "date": "03-07-2021x"}, "Saisissez une date valide"),
        ({"occasion": "Conseil", "date": "2030-01-01"}, "à moins d'un an"),
    ],
)
def test_a_bad_edition_form_says_why_in_french_and_freezes_nothing(
    client, dg, programme, data, message
):
    client.force_login(dg)
    response = client.post("/progress/editions/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Edition.objects.exists()


def test_a_closed_programme_is_not_frozen(client, dg, programme):
    Programme.objects.filter(pk=programme["programme"].pk).update(state=Programme.State.CLOSED)
    client.force_login(dg)
    response = client.post("/progress/editions/new/", {"occasion": "Conseil", "date": "2021-07-03"})
    assert response.status_code == 400
    assert "clôturé" in response.content.decode()
    assert not Edition.objects.exists()


@pytest.mark.parametrize("persona", ["elected", "director", "hr"])
def test_only_the_dg_freezes_and_shares(client, request, programme, dg, persona):
    edition = freeze(programme["programme"], dg)
    client.force_login(request.getfixturevalue(persona))
    assert (
        client.post("/progress/editions/new/", {"occasion": "X", "date": "2021-07-03"}).status_code
        == 403
    )
    share = client.post(f"/progress/editions/{edition.pk}/share/", {"version": edition.version})
    assert share.status_code == 403
    assert Edition.objects.count() == 1 and Edition.objects.get().shared_with_elected


def test_an_edition_reads_the_same_after_the_programme_changes(client, dg, programme):
    edition = freeze(programme["programme"], dg)
    client.force_login(dg)
    before = document(client.get(f"/progress/editions/{edition.pk}/"))
    before_pdf = client.get(f"/progress/editions/{edition.pk}.pdf")
    publish(programme["guichet"], weather="off_track", progress=10, public_summary="Tout a changé.")
    ws_services.workstream_update(
        workstream=programme["accueil"],
        version=programme["accueil"].version,
        data={"title": "Accueil renommé"},
        actor=dg,
    )
    after = document(client.get(f"/progress/editions/{edition.pk}/"))
    assert after == before
    assert "Premier point publié." in after and "Tout a changé." not in after
    assert "Accueil renommé" not in after
    from tests.pdf import read_pdf

    after_pdf = client.get(f"/progress/editions/{edition.pk}.pdf")
    assert read_pdf(after_pdf.content).text == read_pdf(before_pdf.content).text
    live = client.get("/progress/report/").content.decode()
    assert "Tout a changé." in live and "Accueil renommé" in live


def test_the_second_edition_shows_exactly_what_changed_since_the_first(client, dg, programme):
    first = freeze(programme["programme"], dg, occasion="Séminaire de juillet")
    publish(programme["guichet"], weather="off_track", progress=45)
    programme["reached"].state = Milestone.State.ACHIEVED
    programme["reached"].achieved_on = dt.date(2021, 7, 3)
    programme["reached"].save()
    programme["key"].due_date = dt.date(2021, 11, 30)
    programme["key"].save()
    added = factories.MilestoneFactory(
        workstream=programme["accueil"], title="Ouverture du guichet", is_key=True
    )
    factories.DecisionFactory(
        text="Création validée", published=True, workstream=programme["guichet"]
    )
    factories.DecisionFactory(text="Arbitrage interne", published=False)
    opened = factories.WorkstreamFactory(
        code="CSC-03", title="Nouveau chantier", priority=programme["priority"]
    )
    programme["accueil"].archived_at = timezone.now()
    programme["accueil"].save()
    second = freeze(programme["programme"], dg, occasion="Conseil de septembre")

    client.force_login(dg)
    response = client.get(f"/progress/editions/{second.pk}/")
    changes = response.context["changes"]
    assert [(c["code"], c["before"], c["after"]) for c in changes.weather] == [
        ("CSC-01", "at_risk", "off_track")
    ]
    assert [(c["code"], c["delta"]) for c in changes.progress] == [("CSC-01", 15)]
    assert [m["title"] for m in changes.achieved] == []  # its workstream was closed since
    assert [(m["title"], m["before"], m["due_date"]) for m in changes.slipped] == [
        ("Avis du CST", "2021-09-23", "2021-11-30")
    ]
    assert [m["title"] for m in changes.added] == []  # added on the archived workstream
    assert [d["text"] for d in changes.decisions] == ["Création validée"]
    assert [w["code"] for w in changes.opened] == [opened.code]
    assert [w["code"] for w in changes.closed] == ["CSC-02"]
    page = response.content.decode()
    assert "Séminaire de juillet" in page and "Création validée" in page
    assert "Arbitrage interne" not in page
    assert added.title not in page
    # The first edition has nothing to compare with.
    assert client.get(f"/progress/editions/{first.pk}/").context["changes"] is None


def test_milestones_achieved_and_added_show_in_the_changes(client, dg, programme):
    freeze(programme["programme"], dg)
    programme["reached"].state = Milestone.State.ACHIEVED
    programme["reached"].achieved_on = dt.date(2021, 7, 2)
    programme["reached"].save()
    factories.MilestoneFactory(workstream=programme["guichet"], title="Nouveau jalon", is_key=True)
    factories.MilestoneFactory(workstream=programme["guichet"], title="Jalon ordinaire")
    second = freeze(programme["programme"], dg)
    client.force_login(dg)
    changes = client.get(f"/progress/editions/{second.pk}/").context["changes"]
    assert [m["title"] for m in changes.achieved] == ["Schéma d'accueil"]
    assert [m["title"] for m in changes.added] == ["Nouveau jalon"]
    assert not changes.weather and not changes.progress and not changes.decisions


def test_the_elus_see_only_the_editions_shared_with_them(client, dg, elected, programme):
    shared = freeze(programme["programme"], dg, occasion="Séminaire partagé")
    hidden = freeze(programme["programme"], dg, occasion="Répétition interne", shared=False)
    client.force_login(elected)
    listing = client.get("/progress/editions/").content.decode()
    assert "Séminaire partagé" in listing and "Répétition interne" not in listing
    for suffix in ("/", "/slides/", ".pdf"):
        assert client.get(f"/progress/editions/{shared.pk}{suffix}").status_code == 200
        assert client.get(f"/progress/editions/{hidden.pk}{suffix}").status_code == 404


def test_the_dg_shares_and_withdraws_an_edition_and_a_stale_page_gets_409(
    client, dg, elected, programme
):
    edition = freeze(programme["programme"], dg, shared=False)
    client.force_login(dg)
    response = client.post(
        f"/progress/editions/{edition.pk}/share/", {"shared": "on", "version": edition.version}
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.shared_with_elected and edition.version == 2
    stale = client.post(f"/progress/editions/{edition.pk}/share/", {"version": 1})
    assert stale.status_code == 409
    assert "modifiée entre-temps" in stale.content.decode()
    edition.refresh_from_db()
    assert edition.shared_with_elected
    client.post(f"/progress/editions/{edition.pk}/share/", {"version": 2})
    edition.refresh_from_db()
    assert not edition.shared_with_elected
    assert edition.history.count() == 3


def test_the_editions_list_is_of_the_current_programme(client, dg, programme):
    freeze(programme["programme"], dg, occasion="Séminaire de CAP 2021")
    other = factories.ProgrammeFactory(name="Autre programme", short_name="AUTRE")
    client.force_login(dg)
    assert "Séminaire de CAP 2021" in client.get("/progress/editions/").content.decode()
    session = client.session
    session["programme_id"] = other.pk
    session.save()
    page = client.get("/progress/editions/").content.decode()
    assert "Séminaire de CAP 2021" not in page and "Aucune édition" in page


def test_the_editions_pages_run_the_same_queries_for_few_and_many(
    client, dg, programme, django_assert_num_queries
):
    client.force_login(dg)
    first = freeze(programme["programme"], dg)
    client.get("/progress/editions/")  # the session's first read
    # 1 session, 2 user, 3 the current programme with its commune, 4 the programme's
    # editions with their authors (content deferred); the session is not written
    with django_assert_num_queries(4):
        client.get("/progress/editions/")
    for _ in range(5):
        freeze(programme["programme"], dg)
    with django_assert_num_queries(4):
        assert client.get("/progress/editions/").status_code == 200
    last = Edition.objects.order_by("-pk").first()
    # 1 session, 2 user, 3 the edition with its programme and author, 4 the previous
    # edition (its content, for the changes), 5 the current programme (the header)
    with django_assert_num_queries(5):
        assert client.get(f"/progress/editions/{last.pk}/").status_code == 200
    with django_assert_num_queries(5):
        assert client.get(f"/progress/editions/{first.pk}/slides/").status_code == 200
