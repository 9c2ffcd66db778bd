"""Import from CSV or XLSX: a dry run, a line-by-line report, and all or nothing."""

import datetime as dt
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from workstreams.models import Action, Milestone, Workstream

HEADER = "type;code;intitule;priorite;pilote;phase;date_debut;echeance;jalon_cle;etat;resume\n"


def _csv(body: str, name="import.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + body).encode("utf-8"), content_type="text/csv")


def _history_rows() -> int:
    return sum(m.history.count() for m in (Workstream, Milestone, Action))


def _setup(director):
    factories.PriorityFactory(code="CSC", name="Cohésion sociale – Citoyenneté")
    return director


def test_a_dry_run_checks_the_file_and_writes_nothing(client, dg, director):
    _setup(director)
    client.force_login(dg)
    upload = _csv(
        "chantier;CSC-07;Maison des droits;CSC;directeur;réflexion;01/09/2021;30/06/2022;;;\n"
        "jalon;CSC-07;Ouverture au public;;directeur;;;15/03/2022;oui;;\n"
        "action;CSC-07;Visiter deux maisons des droits;;;;;31/10/2021;;en cours;\n"
    )
    response = client.post("/workstreams/import/", {"file": upload, "dry_run": "on"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Essai à blanc réussi" in content
    assert "À créer — chantiers : 1, jalons : 1, actions : 1." in content
    assert not Workstream.objects.filter(code="CSC-07").exists()
    assert _history_rows() == 0


def test_a_clean_file_is_imported_through_the_services_with_history(client, dg, director):
    _setup(director)
    client.force_login(dg)
    upload = _csv(
        "chantier;CSC-07;Maison des droits;CSC;directeur;Réflexion;01/09/2021;30/06/2022;;;"
        "Un lieu\n"
        "jalon;CSC-07;Ouverture au public;;directeur;;;15/03/2022;oui;;\n"
        "action;CSC-07;Visiter deux maisons des droits;;;;;2021-10-31;;fait;\n"
    )
    response = client.post("/workstreams/import/", {"file": upload})
    assert response.status_code == 302
    workstream = Workstream.objects.get(code="CSC-07")
    assert workstream.owner == director and workstream.summary == "Un lieu"
    milestone = workstream.milestones.get()
    assert milestone.is_key and milestone.baseline_date == dt.date(2022, 3, 15)
    action = workstream.actions.get()
    assert action.state == Action.State.DONE and action.due_date == dt.date(2021, 10, 31)
    assert workstream.history.get().history_user == dg


def test_one_bad_line_writes_nothing_and_the_report_names_each_bad_line(client, dg, director):
    _setup(director)
    client.force_login(dg)
    upload = _csv(
        "chantier;CSC-07;Maison des droits;CSC;directeur;;01/09/2021;30/06/2022;;;\n"
        "jalon;CSC-07;Ouverture;;;;;32/13/2022;;;\n"
        "action;ZZZ-99;Action orpheline;;;;;;;;\n"
        "chantier;CSC-08;Sans priorité;XXX;directeur;;;;;;\n"
        "tâche;CSC-07;Type inconnu;;;;;;;;\n"
        "chantier;CSC-09;Dates à l'envers;CSC;directeur;;01/09/2022;01/01/2022;;;\n"
    )
    response = client.post("/workstreams/import/", {"file": upload})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Le fichier contient des erreurs : rien n'a été enregistré" in content
    for line, text in [
        (3, "n&#x27;est pas une date"),
        (4, "Chantier « ZZZ-99 » inconnu"),
        (5, "Priorité « XXX » inconnue"),
        (6, "Type « tâche » inconnu"),
        (7, "L&#x27;échéance visée ne peut précéder la date de début."),
    ]:
        assert f'<th scope="row" class="num">{line}</th><td>' in content, line
        assert text in content, text
    assert not Workstream.objects.exists()
    assert _history_rows() == 0


def test_an_xlsx_file_with_real_date_cells_is_read(client, dg, director):
    _setup(director)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Type", "Code", "Intitulé", "Priorité", "Pilote", "Échéance"])
    sheet.append(["chantier", "CSC-07", "Maison des droits", "CSC", "directeur", None])
    sheet.append(["jalon", "CSC-07", "Ouverture", None, None, dt.datetime(2022, 3, 15)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("import.xlsx", buffer.getvalue())
    client.force_login(dg)
    assert client.post("/workstreams/import/", {"file": upload}).status_code == 302
    assert Milestone.objects.get().due_date == dt.date(2022, 3, 15)


def test_a_file_that_is_not_what_it_claims_is_refused_in_french(client, dg):
    client.force_login(dg)
    upload = SimpleUploadedFile("import.xlsx", b"not a zip at all")
    response = client.post("/workstreams/import/", {"file": upload})
    assert response.status_code == 400
    assert "Le fichier" in response.content.decode()
    assert not Workstream.objects.exists()


def test_a_file_without_the_required_columns_is_refused(client, dg):
    factories.default_programme()  # the import writes into the active programme
    client.force_login(dg)
    upload = SimpleUploadedFile("import.csv", b"nom;date\nx;y\n")
    response = client.post("/workstreams/import/", {"file": upload})
    assert response.status_code == 400
    # Without a `type` column every line is a workstream (the list's export has none), so
    # what is required is a header naming code and intitule among the first rows.
    assert "Ligne d&#x27;en-tête introuvable" in response.content.decode()


def test_only_the_dg_imports(client, director, hr):
    for user in (director, hr):
        client.force_login(user)
        assert client.get("/workstreams/import/").status_code == 403
        response = client.post("/workstreams/import/", {"file": _csv("")})
        assert response.status_code == 403
