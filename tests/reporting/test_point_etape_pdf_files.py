"""The point d'étape's PDFs are printed once and kept (reporting/pdf_files.py): an
edition's is never printed again, the live one again only when its content changes, and
a large one is printed by a Celery task while the page says it is being prepared."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.utils import timezone

from reporting import pdf_files, report, services
from reporting.tasks import render_report_pdf
from tests import factories
from tests.pdf import read_pdf
from workstreams.models import StatusUpdate

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2021, 7, 3, 9, 0, tzinfo=PARIS), tick=False):
        yield


@pytest.fixture(autouse=True)
def empty_storage():
    """The tests' in-memory storage lives as long as the process: start from no PDF."""
    if default_storage.exists(pdf_files.FOLDER):
        for name in default_storage.listdir(pdf_files.FOLDER)[1]:
            default_storage.delete(f"{pdf_files.FOLDER}/{name}")


@pytest.fixture
def printed(monkeypatch):
    """Every PDF WeasyPrint prints, counted."""
    from reporting import pdf

    calls = []
    render = pdf.render_pdf

    def counting(html):
        calls.append(html)
        return render(html)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    return calls


def publish(workstream, **kwargs):
    return factories.StatusUpdateFactory(
        workstream=workstream,
        state=StatusUpdate.State.PUBLISHED,
        published_at=timezone.now(),
        **kwargs,
    )


@pytest.fixture
def programme(db):
    priority = factories.PriorityFactory(code="CSC", name="Cohésion sociale – Citoyenneté")
    guichet = factories.WorkstreamFactory(code="CSC-01", title="Guichet unique", priority=priority)
    publish(guichet, weather="at_risk", progress=30, public_summary="Premier point publié.")
    return {"programme": priority.programme, "guichet": guichet}


def stored() -> list[str]:
    if not default_storage.exists(pdf_files.FOLDER):
        return []
    return sorted(default_storage.listdir(pdf_files.FOLDER)[1])


def freeze(programme, dg, shared=True):
    return services.edition_freeze(
        programme=programme,
        date=timezone.localdate(),
        occasion="Séminaire des élus",
        shared_with_elected=shared,
        actor=dg,
    )


def test_an_edition_is_printed_once_then_served_as_kept(client, dg, elected, programme, printed):
    edition = freeze(programme["programme"], dg)
    client.force_login(elected)
    first = client.get(f"/progress/editions/{edition.pk}.pdf")
    assert first.status_code == 200 and len(printed) == 1
    assert first["Cache-Control"] == "private, no-store"
    again = client.get(f"/progress/editions/{edition.pk}.pdf")
    assert again.content == first.content and len(printed) == 1
    assert [name.split("-")[:2] for name in stored()] == [["edition", str(edition.pk)]]
    assert "Premier point publié." in read_pdf(again.content).text


def test_a_kept_edition_pdf_is_still_refused_to_whom_may_not_read_it(
    client, dg, elected, programme, printed
):
    edition = freeze(programme["programme"], dg, shared=False)
    client.force_login(dg)
    assert client.get(f"/progress/editions/{edition.pk}.pdf").status_code == 200
    client.force_login(elected)
    assert client.get(f"/progress/editions/{edition.pk}.pdf").status_code == 404
    client.force_login(factories.UserFactory(role="hr"))
    assert client.get(f"/progress/editions/{edition.pk}.pdf").status_code == 403
    assert len(printed) == 1


def test_a_change_to_the_printing_templates_or_style_gives_a_new_file(
    client, elected, programme, printed, monkeypatch
):
    client.force_login(elected)
    first = client.get("/progress/report.pdf").content
    assert len(printed) == 1
    # The fingerprint reads the templates, the stylesheet and WeasyPrint's version.
    assert len(pdf_files.printing_fingerprint()) == 16
    monkeypatch.setattr(pdf_files, "printing_fingerprint", lambda: "another-template")
    assert client.get("/progress/report.pdf").content[:4] == first[:4] == b"%PDF"
    assert len(printed) == 2 and len(stored()) == 1


def test_the_live_pdf_is_printed_again_only_when_the_published_content_changes(
    client, elected, programme, printed
):
    client.force_login(elected)
    first = client.get("/progress/report.pdf").content
    assert client.get("/progress/report.pdf").content == first and len(printed) == 1
    publish(programme["guichet"], weather="off_track", progress=10, public_summary="Changé.")
    changed = client.get("/progress/report.pdf").content
    assert len(printed) == 2 and "Changé." in read_pdf(changed).text
    # The programme's older live PDF is removed: only the current one is kept.
    assert len(stored()) == 1 and stored()[0].startswith("live-")


def test_a_large_pdf_is_printed_by_a_task_while_the_page_waits_for_it(
    client, elected, programme, printed, settings, monkeypatch
):
    settings.CAP_REPORT_PDF_INLINE_WORKSTREAMS = 0
    published = []
    monkeypatch.setattr(report, "publish", lambda task, *args: published.append(args) or True)
    client.force_login(elected)
    waiting = client.get("/progress/report.pdf")
    assert waiting.status_code == 202 and not printed
    html = waiting.content.decode()
    assert "PDF du point d'étape en préparation" in html
    # It asks again every 10 s (static/js/pdf-wait.js; no meta refresh: WCAG 2.2.1).
    assert 'data-pdf-url="/progress/report.pdf" data-pdf-every="10"' in html
    assert "js/pdf-wait" in html and "http-equiv" not in html
    assert waiting["Cache-Control"] == "private, no-store"
    # Reloading while the task runs publishes nothing more.
    assert client.get("/progress/report.pdf").status_code == 202
    assert published == [("live", [programme["programme"].pk])]
    render_report_pdf(*published[0])
    ready = client.get("/progress/report.pdf")
    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"
    assert len(printed) == 1 and "Guichet unique" in read_pdf(ready.content).text


def test_without_a_broker_a_large_pdf_is_refused_in_french_and_nothing_is_kept(
    client, elected, programme, printed, settings, monkeypatch
):
    settings.CAP_REPORT_PDF_INLINE_WORKSTREAMS = 0
    monkeypatch.setattr(report, "publish", lambda task, *args: False)
    client.force_login(elected)
    response = client.get("/progress/report.pdf")
    assert response.status_code == 503
    assert "ne peut pas être préparé pour le moment" in response.content.decode()
    assert not printed and not stored()


def test_a_large_edition_is_printed_when_it_is_frozen(
    client,
    dg,
    elected,
    programme,
    printed,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    settings.CAP_REPORT_PDF_INLINE_WORKSTREAMS = 0
    # The worker, here: the task runs as soon as it is published (with or without Redis).
    monkeypatch.setattr(services, "publish", lambda task, *args: task(*args) or True)
    first = freeze(programme["programme"], dg, shared=False)
    with django_capture_on_commit_callbacks(execute=True):
        second = freeze(programme["programme"], dg)
    # The DG's (compared with the first edition) and the
    # élus' (no shared edition before it) are both printed before anyone asks.
    assert len(printed) == 2
    client.force_login(elected)
    assert client.get(f"/progress/editions/{second.pk}.pdf").status_code == 200
    client.force_login(dg)
    assert client.get(f"/progress/editions/{second.pk}.pdf").status_code == 200
    assert len(printed) == 2
    assert first.pk < second.pk
