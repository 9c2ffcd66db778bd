"""`Cache-Control: private, no-store` on every authenticated answer (pages, exports, the
PDF, redirects, errors) and uploaded files served only after the owner app's check."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from priorities.models import FrameworkDocument
from tests import factories


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/workstreams/",
        "/workstreams/export/",
        "/milestones/export/",
        "/activity/export/",
        "/progress/report/",
        "/progress/report.pdf",
        "/nulle-part/",
        "/accounts/password/",
    ],
)
def test_every_authenticated_answer_is_private_and_not_stored(client, dg, path):
    factories.WorkstreamFactory()
    client.force_login(dg)
    response = client.get(path)
    assert response.status_code in {200, 404}, path
    assert response["Cache-Control"] == "private, no-store", path


def test_a_redirect_and_a_403_are_private_too(client, elected, director):
    client.force_login(director)
    assert client.get("/admin/")["Cache-Control"] == "private, no-store"
    client.force_login(elected)
    response = client.get("/workstreams/")
    assert response.status_code in {302, 403, 404}
    assert response["Cache-Control"] == "private, no-store"


def test_the_anonymous_login_page_is_not_stored_either(client, db):
    header = client.get("/accounts/login/")["Cache-Control"]
    assert "private" in header and "no-store" in header


def test_the_calendar_feed_read_with_its_token_keeps_its_short_private_cache(client, director):
    response = client.get(f"/calendar/{director.calendar_token}.ics")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=300"


# Uploaded files ---------------------------------------------------------------------------


@pytest.fixture
def internal_document(db):
    return factories.FrameworkDocumentFactory(
        kind=FrameworkDocument.Kind.ADMINISTRATION_PROJECT,
        file=ContentFile(b"%PDF-1.4 projet d'administration", name="administration.pdf"),
    )


@pytest.fixture
def political_document(db):
    return factories.FrameworkDocumentFactory(
        kind=FrameworkDocument.Kind.MANDATE_PROJECT,
        file=ContentFile(b"%PDF-1.4 projet de mandat", name="mandat.pdf"),
    )


def test_the_file_url_is_the_checked_view_never_a_public_folder(internal_document):
    assert internal_document.file.url.startswith("/files/framework/")


def test_an_agent_reads_a_framework_document_after_the_check(client, director, internal_document):
    client.force_login(director)
    response = client.get(internal_document.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 projet d'administration"
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, internal_document):
    response = client.get(internal_document.file.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_elected_official_reads_the_political_documents_only(
    client, elected, internal_document, political_document
):
    client.force_login(elected)
    assert client.get(internal_document.file.url).status_code == 404
    assert client.get(political_document.file.url).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/files/framework/inconnu.pdf",
        "/files/autre/fichier.pdf",
        "/files/framework/../commune/x.png",
        "/files/../settings.py",
        "/files/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_a_file_no_row_holds_or_outside_the_folders_is_a_404(client, director, path):
    default_storage.save("framework/inconnu.pdf", ContentFile(b"%PDF-1.4 orphelin"))
    client.force_login(director)
    assert client.get(path).status_code == 404


def test_behind_nginx_the_bytes_go_through_x_accel_redirect(client, director, internal_document):
    client.force_login(director)
    with override_settings(UPLOADS_X_ACCEL_REDIRECT="/protected-files/"):
        response = client.get(internal_document.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-files/{internal_document.file.name}"
    assert response.content == b""


def test_the_commune_logo_shows_on_the_login_page_without_login(client, db):
    commune = factories.CommuneFactory()
    commune.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\nlogo"), save=True)
    response = client.get(commune.logo.url)
    assert response.status_code == 200
    assert client.get("/files/commune/autre.png").status_code == 404
