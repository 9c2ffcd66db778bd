"""Uploads are checked by their content and capped in size (issue 5, point 2)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.uploads import validate_upload
from priorities.models import FrameworkDocument

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
ZIP = b"PK\x03\x04" + b"\x00" * 32
HTML = b"<html><script>alert(1)</script></html>"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name, content",
    [
        ("lettre.pdf", PDF),
        ("organigramme.png", PNG),
        ("photo.JPG", JPG),
        ("photo.jpeg", JPG),
        ("plan.xlsx", ZIP),
        ("note.docx", ZIP),
        ("note.odt", ZIP),
        ("chantiers.csv", "code;titre\nCSC-01;Cohésion sociale – Citoyenneté\n".encode()),
    ],
)
def test_a_file_whose_content_matches_its_type_is_accepted(name, content):
    file = upload(name, content)
    validate_upload(file)
    assert file.tell() == 0  # left readable from the start for the storage


@pytest.mark.parametrize(
    "name, content",
    [
        ("lettre.pdf", HTML),
        ("organigramme.png", PDF),
        ("plan.xlsx", PDF),
        ("photo.jpg", PNG),
        ("chantiers.csv", b"code;titre\x00\x01"),
        ("chantiers.csv", "code;titre\nCSC-01;Cohésion\n".encode("latin-1")),
    ],
)
def test_a_file_whose_content_lies_about_its_type_is_refused_in_french(name, content):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content))
    assert error.value.code == "content_mismatch"
    assert "Le contenu de ce fichier ne correspond pas à un fichier" in error.value.messages[0]


def test_a_type_outside_the_list_is_refused_whatever_its_content():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("page.html", HTML))
    assert error.value.code == "type_not_allowed"
    assert "Ce type de fichier n'est pas accepté" in error.value.messages[0]
    with pytest.raises(ValidationError):
        validate_upload(upload("lettre.pdf", PDF), allowed=("png",))


def test_a_file_over_the_limit_is_refused_with_both_sizes(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    validate_upload(upload("lettre.pdf", PDF + b"0" * (1024 - len(PDF))))
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("lettre.pdf", PDF + b"0" * 1024))
    assert error.value.code == "too_large"
    assert error.value.messages[0] == "Ce fichier pèse 1,0\xa0Kio : la limite est de 1,0\xa0Kio."


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("lettre.pdf", b""))
    assert error.value.code == "empty"


def _admin_add(client, file):
    return client.post(
        reverse("admin:priorities_frameworkdocument_add"),
        {
            "title": "Lettre de mission du Maire",
            "kind": FrameworkDocument.Kind.MISSION_LETTER,
            "summary": "",
            "url": "",
            "file": file,
        },
    )


def test_the_admin_refuses_a_framework_document_that_is_not_what_it_claims(client, admin_user):
    client.force_login(admin_user)
    response = _admin_add(client, upload("lettre.pdf", HTML))
    assert response.status_code == 200
    assert "Le contenu de ce fichier ne correspond pas à un fichier PDF" in (
        response.content.decode()
    )
    assert not FrameworkDocument.objects.exists()


def test_the_admin_stores_a_genuine_pdf(client, admin_user):
    client.force_login(admin_user)
    response = _admin_add(client, upload("lettre.pdf", PDF))
    assert response.status_code == 302
    document = FrameworkDocument.objects.get()
    assert document.file.read() == PDF
    assert document.history.get().history_user == admin_user
