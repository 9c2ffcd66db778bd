"""Starting a programme from a spreadsheet (issue 10, point 3): the template, the round trip
with the export, row numbers as the spreadsheet shows them, a title row, people by name,
accents and ligatures, French Excel's CSV, the kept file and its token, the zip bomb."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories
from workstreams.models import Action, Workstream

IMPORT = reverse("workstreams:workstream-import")
CONFIRM = reverse("workstreams:workstream-import-confirm")
TEMPLATE = reverse("workstreams:workstream-import-template")
EXPORT = reverse("workstreams:workstream-export")
HEADER = "type;code;intitule;priorite;pilote;phase;date_debut;echeance;jalon_cle;etat;resume"


def _csv(text: str, *, encoding="utf-8", name="import.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def _xlsx(rows, name="import.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _errors(response) -> dict[int, str]:
    """The report's error table as {row number: message}."""
    content = response.content.decode()
    return {
        int(line): message
        for line, message in re.findall(
            r'<th scope="row" class="num">(\d+)</th><td>(.*?)</td>', content
        )
    }


@pytest.fixture
def programme(director):
    """The active programme with its CSC priority; Karim (director) pilots in it."""
    programme = factories.default_programme()
    factories.PriorityFactory(code="CSC", name="Cohésion sociale – Citoyenneté")
    return programme


# --- 1. The template -----------------------------------------------------------------------


def test_the_dg_downloads_an_xlsx_template_that_imports_as_it_is(client, dg, programme):
    client.force_login(dg)
    assert reverse("workstreams:workstream-import-template") in client.get(IMPORT).content.decode()
    response = client.get(f"{TEMPLATE}?format=xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Import", "Valeurs possibles"]
    rows = list(workbook["Import"].values)
    assert rows[0][:3] == ("type", "code", "intitule")
    assert [row[0] for row in rows[1:]] == ["chantier", "jalon", "action"]
    allowed = {row[0]: row[2] for row in workbook["Valeurs possibles"].values}
    assert "Mise en œuvre" in allowed["phase"]
    assert "CSC (Cohésion sociale – Citoyenneté)" in allowed["priorite"]

    upload = SimpleUploadedFile("modele.xlsx", response.content)
    response = client.post(IMPORT, {"file": upload, "dry_run": "on"})
    assert response.status_code == 200, _errors(response)
    assert "À créer — chantiers : 1, jalons : 1, actions : 1." in response.content.decode()


def test_the_csv_template_is_french_excel_csv_and_imports(client, dg, programme):
    client.force_login(dg)
    response = client.get(f"{TEMPLATE}?format=csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 4 and rows[0][0] == "type"
    upload = SimpleUploadedFile("modele.csv", response.content)
    assert client.post(IMPORT, {"file": upload}).status_code == 302
    assert Workstream.objects.get(code="CSC-99").owner == dg


def test_only_the_dg_downloads_the_template(client, director, hr):
    for user in (director, hr):
        client.force_login(user)
        assert client.get(TEMPLATE).status_code == 403


# --- 2. Round trip with the list's export ----------------------------------------------------


def _export(client, fmt: str) -> SimpleUploadedFile:
    response = client.get(f"{EXPORT}?format={fmt}")
    assert response.status_code == 200
    return SimpleUploadedFile(f"chantiers.{fmt}", response.content)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_re_imports_with_nothing_to_change(client, dg, director, programme, fmt):
    unit = factories.OrgUnitFactory(name="Direction de la citoyenneté", acronym="DCV")
    for code, phase in (("CSC-01", "implementation"), ("CSC-02", "reflection")):
        factories.WorkstreamFactory(
            code=code,
            priority=factories.PriorityFactory(code="CSC"),
            owner=director,
            org_unit=unit,
            phase=phase,
            axis="prioritisation",
            start_date=dt.date(2021, 9, 1),
            target_date=dt.date(2022, 6, 30),
        )
    client.force_login(dg)
    history = Workstream.history.count()

    response = client.post(IMPORT, {"file": _export(client, fmt), "dry_run": "on"})

    content = response.content.decode()
    assert response.status_code == 200, _errors(response)
    assert "Rien à changer : le fichier correspond déjà aux données." in content
    assert "Colonnes ignorées (elles ne s'importent pas) : Météo, Avancement (%)" in content
    assert Workstream.history.count() == history


def test_the_export_imported_into_an_empty_programme_gives_the_same_workstreams(
    client, dg, director, programme
):
    factories.WorkstreamFactory(
        code="CSC-01",
        title="Maison des droits",
        priority=factories.PriorityFactory(code="CSC"),
        owner=director,
        phase="implementation",
        target_date=dt.date(2022, 6, 30),
    )
    client.force_login(dg)
    exported = _export(client, "xlsx")
    # The next programme, with the same priority, and nothing in it yet.
    programme.state = "closed"
    programme.save(update_fields=["state"])
    following = factories.ProgrammeFactory(slug="suite", state="active")
    factories.PriorityFactory(
        code="CSC2", name="Cohésion sociale – Citoyenneté", programme=following
    )

    response = client.post(IMPORT, {"file": exported})

    assert response.status_code == 302, _errors(response)
    copy = Workstream.objects.get(programme=following, code="CSC-01")
    original = Workstream.objects.get(programme=programme, code="CSC-01")
    fields = ("title", "owner", "org_unit", "phase", "start_date", "target_date", "axis")
    assert [getattr(copy, f) for f in fields] == [getattr(original, f) for f in fields]
    assert copy.priority.programme == following


def test_an_edited_export_updates_the_workstream_and_says_what_changes(
    client, dg, director, programme
):
    factories.WorkstreamFactory(
        code="CSC-01",
        title="Maison des droits",
        priority=factories.PriorityFactory(code="CSC"),
        owner=director,
    )
    client.force_login(dg)
    text = (
        _export(client, "csv")
        .read()
        .decode("utf-8-sig")
        .replace("Maison des droits", "Maison France services")
    )
    response = client.post(IMPORT, {"file": _csv(text), "dry_run": "on"})
    assert "À modifier — chantiers : 1" in response.content.decode()
    assert "intitulé modifié(s)" in response.content.decode()
    assert Workstream.objects.get().title == "Maison des droits"


# --- 3. Row numbers, blank rows, a title row --------------------------------------------------


def test_errors_name_the_spreadsheet_row_counting_the_title_and_blank_rows(client, dg, programme):
    client.force_login(dg)
    upload = _xlsx(
        [
            ["Programme CAP 2021 — chantiers"],
            [],
            HEADER.split(";"),
            ["chantier", "CSC-07", "Maison des droits", "CSC", "directeur"],
            [],
            [],
            ["jalon", "CSC-07", "Ouverture", None, None, None, None, "32/13/2022"],
            [None],
            ["action", "ZZZ-99", "Orpheline"],
        ]
    )
    response = client.post(IMPORT, {"file": upload, "dry_run": "on"})
    errors = _errors(response)
    assert set(errors) == {7, 9}
    assert "n&#x27;est pas une date" in errors[7]
    assert "Chantier « ZZZ-99 » inconnu" in errors[9]
    content = response.content.decode()
    assert (
        "La ligne 1 (« Programme CAP 2021 — chantiers ») précède l'en-tête : "
        "c'est un titre, elle a été ignorée."
    ) in content


def test_in_a_csv_the_blank_lines_count_too(client, dg, programme):
    client.force_login(dg)
    upload = _csv(
        "Chantiers à importer;;;\n\n"
        + HEADER
        + "\nchantier;CSC-07;Maison des droits;CSC;directeur;;;;;;\n;;;;\n\n"
        "chantier;CSC-08;Sans pilote;CSC;;;;;;;\n"
    )
    response = client.post(IMPORT, {"file": upload, "dry_run": "on"})
    assert _errors(response) == {7: "Indiquez le pilote du chantier (identifiant, e-mail ou nom)."}


def test_a_file_with_no_header_among_its_first_rows_is_refused_in_french(client, dg, programme):
    client.force_login(dg)
    response = client.post(IMPORT, {"file": _csv("nom;date\nx;y\n")})
    assert response.status_code == 400
    assert "Ligne d&#x27;en-tête introuvable" in response.content.decode()


# --- 4. People -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["directeur", "Karim Benali", "benali karim", "KARIM BÉNALI", "directeur@mairie.example"],
)
def test_a_pilot_is_found_by_username_name_either_way_or_email(
    client, dg, director, programme, written
):
    client.force_login(dg)
    upload = _csv(f"{HEADER}\nchantier;CSC-07;Maison des droits;CSC;{written};;;;;;\n")
    assert client.post(IMPORT, {"file": upload}).status_code == 302
    assert Workstream.objects.get().owner == director


def test_a_name_two_people_share_is_refused_naming_both(client, dg, programme):
    factories.DirectorFactory(username="amartin", first_name="Anne", last_name="Martin")
    factories.DirectorFactory(username="amartin2", first_name="Anne", last_name="Martin")
    client.force_login(dg)
    upload = _csv(f"{HEADER}\nchantier;CSC-07;Maison des droits;CSC;Anne Martin;;;;;;\n")
    response = client.post(IMPORT, {"file": upload})
    assert _errors(response)[2] == (
        "« Anne Martin » désigne plusieurs personnes (colonne pilote) : "
        "Anne Martin (amartin), Anne Martin (amartin2). "
        "Indiquez l&#x27;identifiant ou l&#x27;adresse e-mail."
    )
    assert not Workstream.objects.exists()


# --- 5. Accents and ligatures --------------------------------------------------------------


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        ("Mise en oeuvre", "implementation"),
        ("MISE EN ŒUVRE", "implementation"),
        ("reflexion", "reflection"),
        ("  Expérimentation ", "experimentation"),
        ("officialisation", "officialisation"),
    ],
)
def test_choice_values_are_read_whatever_the_accents_and_ligatures(
    client, dg, programme, phase, expected
):
    client.force_login(dg)
    upload = _csv(f"{HEADER}\nchantier;CSC-07;Maison;CSC;directeur;{phase};;;;;\n")
    assert client.post(IMPORT, {"file": upload}).status_code == 302
    assert Workstream.objects.get().phase == expected


def test_action_states_and_components_are_read_loosely_too(client, dg, programme):
    component = factories.ComponentFactory(
        programme=programme, code="gouvernance", name="Gouvernance interne"
    )
    client.force_login(dg)
    upload = _csv(
        "type;code;intitule;priorite;pilote;composante;etat\n"
        "chantier;CSC-07;Maison;CSC;directeur;gouvernance INTERNE;\n"
        "action;CSC-07;Visiter;;;;a faire\n"
        "action;CSC-07;Écrire;;;;EN COURS\n"
        "action;CSC-07;Rédiger;;;;abandonne\n"
    )
    assert client.post(IMPORT, {"file": upload}).status_code == 302
    assert Workstream.objects.get().component == component
    assert sorted(Action.objects.values_list("state", flat=True)) == [
        "abandoned",
        "in_progress",
        "todo",
    ]


def test_an_unknown_choice_lists_the_allowed_values(client, dg, programme):
    client.force_login(dg)
    upload = _csv(f"{HEADER}\nchantier;CSC-07;Maison;CSC;directeur;demarrage;;;;;\n")
    message = _errors(client.post(IMPORT, {"file": upload}))[2]
    assert message.startswith("Valeur « demarrage » inconnue (colonne phase)")
    assert "Mise en œuvre" in message


# --- 6. French Excel's CSV ------------------------------------------------------------------


def test_a_windows_1252_csv_from_french_excel_is_read(client, dg, programme):
    client.force_login(dg)
    text = (
        f"{HEADER}\r\n"
        "chantier;CSC-07;Accès aux droits, cœur de ville;CSC;directeur;Mise en œuvre;;;;;"
        "Un lieu où l'on s'adresse à tous\r\n"
    )
    upload = _csv(text, encoding="cp1252")
    response = client.post(IMPORT, {"file": upload, "dry_run": "on"})
    assert response.status_code == 200, _errors(response)
    assert "Fichier CSV lu comme encodé en Windows-1252." in response.content.decode()
    client.post(IMPORT, {"file": _csv(text, encoding="cp1252")})
    workstream = Workstream.objects.get()
    assert workstream.title == "Accès aux droits, cœur de ville"
    assert workstream.phase == "implementation"


def test_a_comma_separated_csv_is_read(client, dg, programme):
    client.force_login(dg)
    upload = _csv(
        'type,code,intitule,priorite,pilote\nchantier,CSC-07,"Maison, droits",CSC,directeur\n'
    )
    assert client.post(IMPORT, {"file": upload}).status_code == 302
    assert Workstream.objects.get().title == "Maison, droits"


def test_a_csv_in_neither_encoding_is_refused_with_the_way_to_save_it(client, dg, programme):
    client.force_login(dg)
    # 0x81 and 0x9D have no character in Windows-1252 and are not valid UTF-8.
    upload = SimpleUploadedFile("import.csv", HEADER.encode() + b"\nchantier;CSC-07;\x81\x9d\n")
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 400
    assert "n&#x27;est ni en UTF-8 ni en Windows-1252" in response.content.decode()
    assert not Workstream.objects.exists()


# --- 7. The kept file ----------------------------------------------------------------------


def _dry_run_token(client) -> str:
    upload = _csv(f"{HEADER}\nchantier;CSC-07;Maison des droits;CSC;directeur;;;;;;\n")
    response = client.post(IMPORT, {"file": upload, "dry_run": "on"})
    content = response.content.decode()
    assert "Confirmer l'import" in content
    return re.search(r'name="token" value="([^"]+)"', content).group(1)


def test_a_successful_dry_run_is_confirmed_without_choosing_the_file_again(client, dg, programme):
    client.force_login(dg)
    token = _dry_run_token(client)
    assert not Workstream.objects.exists()
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 302
    assert Workstream.objects.get().code == "CSC-07"
    # Used once: the kept file is gone.
    assert client.post(CONFIRM, {"token": token}).status_code == 404
    assert Workstream.objects.count() == 1


def test_another_users_token_is_not_found(client, dg, programme):
    client.force_login(dg)
    token = _dry_run_token(client)
    colleague = factories.DGFactory(username="dga")
    client.force_login(colleague)
    assert client.post(CONFIRM, {"token": token}).status_code == 404
    assert not Workstream.objects.exists()


def test_a_token_expires(client, dg, programme, settings):
    settings.IMPORT_TOKEN_SECONDS = 600
    client.force_login(dg)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        token = _dry_run_token(client)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 11, tzinfo=dt.UTC), tick=False):
        client.force_login(dg)
        assert client.post(CONFIRM, {"token": token}).status_code == 404
    assert not Workstream.objects.exists()


@pytest.mark.parametrize("token", ["", "../../etc/passwd", "x" * 43, "a" * 500])
def test_a_made_up_token_is_not_found(client, dg, token):
    client.force_login(dg)
    assert client.post(CONFIRM, {"token": token}).status_code == 404


def test_a_director_cannot_confirm_an_import(client, director):
    client.force_login(director)
    assert client.post(CONFIRM, {"token": "x" * 43}).status_code == 403
    assert client.get(CONFIRM).status_code == 405


# --- 8. Progress ---------------------------------------------------------------------------


def test_the_result_shows_the_lines_read_with_a_progress_bar(client, dg, programme):
    client.force_login(dg)
    body = "".join(f"action;ZZZ-{n:02};Action {n};;;;;;;;\n" for n in range(10, 13))
    upload = _csv(
        f"{HEADER}\nchantier;CSC-07;Maison des droits;CSC;directeur;;;;;;\n"
        + "".join(f"action;CSC-07;Action {n};;;;;;;;\n" for n in range(40))
        + body
    )
    content = client.post(IMPORT, {"file": upload, "dry_run": "on"}).content.decode()
    assert '<progress id="import-progress" max="44" value="41"></progress>' in content
    assert "41 lignes valides sur 44 lignes lues." in content
    # While a file is sent, the page says so (a small script; the form works without it).
    assert "data-import-busy hidden" in content
    assert re.search(r'<script src="[^"]*import-progress\.js" nonce="[^"]+"', content)
