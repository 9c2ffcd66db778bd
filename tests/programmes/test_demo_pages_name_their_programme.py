"""On the loaded demo, the pages of the active example programme say nothing of CAP 2021
(no label is written into a template, the PDF or a feed), while the programmes list and
CAP 2021's own report, once switched to, name CAP 2021 from its data."""

import io
import re
from html import escape

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from organisation.models import User
from priorities.models import Programme
from tests.pdf import read_pdf

CAP_2021 = "CAP 2021"


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """One seed for the module (it takes a few seconds), rolled back at its end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEBUG=True):
                call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_module, db):
    """The demo: CAP 2021 closed, the example programme active."""
    active = Programme.objects.active()
    assert active is not None and active.is_example
    return {"active": active, "cap": Programme.objects.get(slug="cap-2021")}


def _client(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def pdf_text(content: bytes) -> str:
    """The PDF's text and its title (its metadata)."""
    facts = read_pdf(content)
    return f"{facts.title} {facts.text}"


def test_the_example_programmes_pages_do_not_mention_cap_2021(demo, client):
    dg = _client(client, "dg")
    pages = {
        "dashboard": dg.get("/"),
        "workstream list": dg.get("/workstreams/"),
        "report": dg.get("/progress/report/"),
    }
    # The point d'étape draws the programme's frame and describes its priorities: data, in
    # which the demo frames the example programme with CAP 2021's Projet d'Adaptation and
    # says which CAP 2021 priority each one takes up. Those texts (and the diagram's
    # shortened boxes) are left out of the check.
    titles = [d.title for d in demo["active"].framework_documents.all()]
    titles += [p.description for p in demo["active"].priorities.all() if p.description]

    def without_frame(text: str) -> str:
        text = re.sub(r'<svg class="chart chart--frame".*?</svg>', "", text, flags=re.S)
        for title in titles:
            text = text.replace(escape(title), "").replace(title, "")
        return text

    for name, response in pages.items():
        assert response.status_code == 200, name
        content = without_frame(response.content.decode())
        assert demo["active"].short_name in content, name
        assert CAP_2021 not in content, name
    pdf = dg.get("/progress/report.pdf")
    text = without_frame(pdf_text(pdf.content))
    assert demo["active"].short_name in text
    assert CAP_2021 not in text.replace("CAP…", "")
    assert 'filename="exemple-2026-point-etape-' in pdf["Content-Disposition"]


def test_the_elus_page_of_the_example_programme_does_not_mention_cap_2021(demo, client):
    elu = _client(client, "elu")
    content = elu.get("/progress/").content.decode()
    assert demo["active"].name in content or demo["active"].short_name in content
    assert CAP_2021 not in content


def test_the_programmes_list_and_cap_2021s_report_name_it_from_its_data(demo, client):
    # Renamed in the data: the pages show the new name, so it is not written in them.
    Programme.objects.filter(pk=demo["cap"].pk).update(
        name="CAP 2021 – Adaptation de l'Organisation (première phase)", short_name="CAP 2021 bis"
    )
    dg = _client(client, "dg")
    listing = dg.get("/programmes/").content.decode()
    assert "CAP 2021 – Adaptation de l&#x27;Organisation (première phase)" in listing
    assert "CAP 2021 bis" in listing
    dg.post("/programmes/cap-2021/switch/")
    report = dg.get("/progress/report/").content.decode()
    assert "CAP 2021 – Adaptation de l&#x27;Organisation (première phase)" in report
    pdf = dg.get("/progress/report.pdf")
    assert "CAP 2021 bis" in pdf_text(pdf.content)
    # The file is named after the programme's slug, the address that stays.
    assert 'filename="cap-2021-point-etape-' in pdf["Content-Disposition"]
