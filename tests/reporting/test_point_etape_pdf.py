"""The point d'étape's PDF: printed from the page's HTML, tagged PDF/UA with its structure
tree, fonts embedded, title and language set, the edition's date and the page number on
every page, and any length of published text paginated."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests import factories
from tests.pdf import read_pdf
from workstreams.models import StatusUpdate

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
def programme(db, director, elected):
    priority = factories.PriorityFactory(code="CSC", name="Cohésion sociale – Citoyenneté")
    other = factories.PriorityFactory(
        code="VAM", name="Vie associative – Manifestations", programme=priority.programme
    )
    direction = factories.WorkstreamFactory(
        code="CSC-01",
        title="Création d'une direction Solidarité Citoyenneté Accès aux droits",
        priority=priority,
        owner=director,
        sponsor=elected,
    )
    entity = factories.WorkstreamFactory(
        code="VAM-01", title="Entité « Vie associative et Manifestation »", priority=other
    )
    publish(
        direction,
        date=dt.date(2021, 6, 28),
        weather="at_risk",
        progress=35,
        public_summary="Organigramme présenté au comité ; arrivée de la directrice à l'été.",
    )
    publish(entity, date=dt.date(2021, 6, 21), weather="on_track", progress=60)
    factories.WorkstreamFactory(code="PTS-01", title="Police municipale", priority=priority)
    factories.MilestoneFactory(
        workstream=direction,
        title="Avis du comité technique",
        is_key=True,
        due_date=dt.date(2021, 9, 23),
    )
    return priority.programme


def test_the_pdf_is_tagged_pdf_ua_with_its_title_language_and_embedded_fonts(
    client, elected, programme
):
    client.force_login(elected)
    response = client.get("/progress/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="cap-2021-point-etape-2021-07-03.pdf"' in response["Content-Disposition"]
    pdf = read_pdf(response.content)
    assert pdf.has_structure_tree and pdf.marked
    assert pdf.pdfua
    assert pdf.lang == "fr"
    assert "Point d'étape CAP 2021" in pdf.title and "03/07/2021" in pdf.title
    assert pdf.fonts, "no font at all"
    assert all(pdf.fonts.values()), f"fonts not embedded: {pdf.fonts}"


def test_the_pdf_text_has_every_published_workstream_its_accents_and_dates(
    client, elected, programme
):
    client.force_login(elected)
    pdf = read_pdf(client.get("/progress/report.pdf").content)
    text = pdf.text
    assert "Création d'une direction Solidarité Citoyenneté Accès aux droits" in text
    assert "Entité « Vie associative et Manifestation »" in text
    assert "Organigramme présenté au comité ; arrivée de la directrice à l'été." in text
    assert "Point publié du 28/06/2021" in text and "Point publié du 21/06/2021" in text
    assert "Orange" in text and "Vert" in text and "35 %" in text
    assert "PTS-01" in text and "Pas encore de point publié." in text
    assert "Avis du comité technique" in text and "23/09/2021" in text
    # The cover: commune, programme, occasion and date.
    cover = " ".join(pdf.pages[0].split())
    assert "CAP 2021 – Adaptation de l'Organisation" in cover
    assert "Point d'étape" in cover and "3 juillet 2021" in cover


def test_every_page_carries_the_edition_date_and_its_number(client, elected, programme):
    client.force_login(elected)
    pdf = read_pdf(client.get("/progress/report.pdf").content)
    total = len(pdf.pages)
    assert total >= 3
    for number, page in enumerate(pdf.pages, start=1):
        assert "édition du 03/07/2021" in page, number
        assert f"{number} / {total}" in page, number


def test_a_twenty_thousand_character_summary_paginates(client, elected, programme):
    workstream = factories.WorkstreamFactory(
        code="CSC-09", title="Un très long point", priority=programme.priorities.first()
    )
    words = "Les équipes d'accueil se réorganisent autour du guichet unique. "
    summary = (words * (20_000 // len(words) + 1))[:19_990] + " FIN-DU-TEXTE"
    assert len(summary) >= 20_000
    publish(workstream, public_summary=summary)
    client.force_login(elected)
    response = client.get("/progress/report.pdf")
    assert response.status_code == 200
    pdf = read_pdf(response.content)
    assert "FIN-DU-TEXTE" in pdf.text
    pages_with_summary = [p for p in pdf.pages if "guichet unique" in p]
    assert len(pages_with_summary) >= 3


def test_a_programme_without_anything_published_still_prints(client, dg, db):
    factories.default_programme()
    client.force_login(dg)
    response = client.get("/progress/report.pdf")
    assert response.status_code == 200
    assert "0 chantiers sur 0 ont un point publié" in read_pdf(response.content).text
