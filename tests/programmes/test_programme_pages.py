"""The programme list, and the DG starting, activating and closing programmes."""

import pytest

from priorities.models import Programme
from workstreams.models import Workstream

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_active_programme_first_then_preparation_then_closed(
    programmes, director, client_for
):
    response = client_for(director).get("/programmes/")
    assert [p.slug for p in response.context["programmes"]] == [
        "adaptation-2026",
        "suite-2030",
        "cap-2021",
    ]
    page = response.content.decode()
    assert page.index("Adaptation 2026") < page.index("Suite 2030") < page.index("CAP 2021 –")


def test_the_list_shows_period_counts_example_marker_and_a_switch_button(
    programmes, director, client_for
):
    response = client_for(director).get("/programmes/")
    page = response.content.decode()
    assert "du 01/01/2021 au 31/12/2025" in page
    assert "depuis le 01/04/2026" in page
    assert "exemple" in page
    assert page.count("Consulter") == 3
    by_slug = {p.slug: p for p in response.context["programmes"]}
    assert by_slug["adaptation-2026"].figures[0][1] == 2
    assert by_slug["cap-2021"].priority_count == 1


def test_the_list_runs_a_fixed_number_of_queries(
    programmes, director, client_for, django_assert_num_queries
):
    client = client_for(director)
    client.get("/programmes/")
    # 1 session, 2 user, 3 the programmes with their counts and commune (the header's
    # current programme is picked among them), 4 their workstream counts.
    with django_assert_num_queries(4):
        client.get("/programmes/")


def test_only_the_dg_sees_the_buttons_to_start_close_or_activate(
    programmes, dg, director, client_for
):
    page = client_for(director).get("/programmes/").content.decode()
    assert "Lancer un nouveau programme" not in page
    page = client_for(dg).get("/programmes/").content.decode()
    assert "Lancer un nouveau programme" in page
    assert "/programmes/suite-2030/activate/" in page
    assert "/programmes/adaptation-2026/close/" in page
    assert "/programmes/cap-2021/close/" not in page


def test_the_dg_starts_a_programme_from_an_earlier_one_carrying_a_workstream_over(
    programmes, dg, client_for
):
    client = client_for(dg)
    form = client.get(f"/programmes/new/?source={programmes['new'].pk}")
    assert form.status_code == 200
    choices = dict(form.context["form"].fields["carry_over"].choices)
    csc = Workstream.objects.get(programme=programmes["new"], code="CSC-01")
    assert set(choices) == {str(csc.pk), str(Workstream.objects.get(code="NEW-01").pk)}
    response = client.post(
        "/programmes/new/",
        {
            "source": "adaptation-2026",
            "name": "Adaptation 2028",
            "short_name": "ADAPT 2028",
            "slug": "adaptation-2028",
            "start_date": "2028-01-01",
            "copy_priorities": "on",
            "copy_components": "on",
            "carry_over": [str(csc.pk)],
        },
    )
    assert response.status_code == 302
    created = Programme.objects.get(slug="adaptation-2028")
    assert created.state == Programme.State.PREPARATION
    assert created.previous == programmes["new"]
    assert list(created.priorities.values_list("code", flat=True)) == ["CSC"]
    carried = Workstream.objects.get(programme=created)
    assert (carried.code, carried.carried_from) == ("CSC-01", csc)


def test_starting_a_programme_with_a_taken_slug_says_so_and_creates_nothing(
    programmes, dg, client_for
):
    before = Programme.objects.count()
    response = client_for(dg).post(
        "/programmes/new/",
        {
            "source": "cap-2021",
            "name": "Doublon",
            "short_name": "DBL",
            "slug": "cap-2021",
            "start_date": "2028-01-01",
        },
    )
    assert response.status_code == 200
    assert "Un programme porte déjà cet identifiant." in response.content.decode()
    assert Programme.objects.count() == before


def test_carrying_over_without_copying_priorities_is_refused_in_french(programmes, dg, client_for):
    csc = Workstream.objects.get(programme=programmes["new"], code="CSC-01")
    response = client_for(dg).post(
        "/programmes/new/",
        {
            "source": "adaptation-2026",
            "name": "Sans priorités",
            "short_name": "SP",
            "slug": "sans-priorites",
            "start_date": "2028-01-01",
            "carry_over": [str(csc.pk)],
        },
    )
    assert response.status_code == 200
    assert "copiez aussi les priorités" in response.content.decode()
    assert not Programme.objects.filter(slug="sans-priorites").exists()


def test_a_workstream_of_another_programme_cannot_be_carried_over(programmes, dg, client_for):
    other = Workstream.objects.get(programme=programmes["old"], code="CSC-01")
    response = client_for(dg).post(
        "/programmes/new/",
        {
            "source": "adaptation-2026",
            "name": "Intrus",
            "short_name": "INT",
            "slug": "intrus",
            "start_date": "2028-01-01",
            "copy_priorities": "on",
            "carry_over": [str(other.pk)],
        },
    )
    assert response.status_code == 200
    assert not Programme.objects.filter(slug="intrus").exists()


def test_garbage_in_the_start_form_gives_french_errors_never_a_500(programmes, dg, client_for):
    client = client_for(dg)
    assert client.get("/programmes/new/?source=n'importe-quoi").status_code == 200
    response = client.post(
        "/programmes/new/", {"source": "inconnu", "start_date": "32/13/2020", "slug": "a b"}
    )
    assert response.status_code in (200, 302)
    response = client.post(
        "/programmes/new/",
        {"source": "cap-2021", "start_date": "pas une date", "slug": "A B", "name": ""},
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()


def test_only_the_dg_starts_a_programme(programmes, director, hr, elected, client_for):
    for person in (director, hr, elected):
        client = client_for(person)
        assert client.get("/programmes/new/").status_code == 403
        assert client.post("/programmes/new/", {"source": "cap-2021"}).status_code == 403


def test_closing_asks_for_confirmation_then_closes(programmes, dg, client_for):
    client = client_for(dg)
    confirm = client.get("/programmes/adaptation-2026/close/")
    assert "La clôture est définitive" in confirm.content.decode()
    programmes["new"].refresh_from_db()
    assert programmes["new"].state == Programme.State.ACTIVE
    client.post("/programmes/adaptation-2026/close/")
    programmes["new"].refresh_from_db()
    assert programmes["new"].state == Programme.State.CLOSED


def test_activating_while_another_runs_is_refused_with_a_french_message(programmes, dg, client_for):
    response = client_for(dg).post("/programmes/suite-2030/activate/", follow=True)
    assert "clôturez-le avant d&#x27;en lancer un autre" in response.content.decode()
    programmes["draft"].refresh_from_db()
    assert programmes["draft"].state == Programme.State.PREPARATION


def test_closing_a_closed_programme_says_it_is_closed(programmes, dg, client_for):
    response = client_for(dg).post("/programmes/cap-2021/close/", follow=True)
    assert "est clôturé" in response.content.decode()


def test_a_director_cannot_close_or_activate(programmes, director, client_for):
    client = client_for(director)
    assert client.get("/programmes/adaptation-2026/close/").status_code == 403
    assert client.post("/programmes/adaptation-2026/close/").status_code == 403
    assert client.post("/programmes/suite-2030/activate/").status_code == 403
    programmes["new"].refresh_from_db()
    assert programmes["new"].state == Programme.State.ACTIVE


def test_the_start_form_lists_every_unfinished_workstream_and_keeps_the_ticked_ones(
    programmes, dg, client_for
):
    client = client_for(dg)
    csc = Workstream.objects.get(programme=programmes["new"], code="CSC-01")
    new = Workstream.objects.get(code="NEW-01")
    page = client.get("/programmes/new/?source=adaptation-2026").content.decode()
    for workstream in (csc, new):
        box = f'<input type="checkbox" name="carry_over" value="{workstream.pk}">'
        assert f"<label>{box} {workstream}</label>" in page
    # Refused (no priorities copied): the box ticked stays ticked, the other does not.
    refused = client.post(
        "/programmes/new/",
        {
            "source": "adaptation-2026",
            "name": "Sans priorités",
            "short_name": "SP",
            "slug": "sans-priorites",
            "start_date": "2028-01-01",
            "carry_over": [str(csc.pk)],
        },
    ).content.decode()
    assert f'name="carry_over" value="{csc.pk}" checked>' in refused
    assert f'name="carry_over" value="{new.pk}">' in refused


def test_the_start_form_runs_the_same_queries_for_few_and_many_workstreams(
    programmes, dg, client_for, django_assert_num_queries
):
    from tests import factories

    client = client_for(dg)
    priority = programmes["new"].priorities.get()
    for n in (1, 30):
        factories.WorkstreamFactory.create_batch(n, programme=programmes["new"], priority=priority)
        # 1 session, 2 user, 3 the current programme (the source), 4 its unfinished
        # workstreams, 5 the header's programmes, 6 the source select's programmes, 7 the
        # mandates' select.
        with django_assert_num_queries(7):
            page = client.get("/programmes/new/").content.decode()
        assert (
            page.count('name="carry_over"')
            == Workstream.objects.filter(programme=programmes["new"]).count()
        )
