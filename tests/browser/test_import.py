"""The DG starts a programme from a spreadsheet in a real browser: a CSV saved by French
Excel, with a title row, checked by a dry run, then confirmed without choosing it again."""

import os

import pytest

from tests import factories
from workstreams.models import Workstream

CSV = (
    "Programme — chantiers à importer;;;;;\r\n"
    ";;;;;\r\n"
    "type;code;intitule;priorite;pilote;phase;echeance\r\n"
    "chantier;CSC-07;Maison des droits;CSC;Karim Benali;Mise en oeuvre;30/06/2027\r\n"
    "jalon;CSC-07;Ouverture au public;;directeur;;15/03/2027\r\n"
)


@pytest.mark.django_db(transaction=True)
def test_the_dg_checks_a_french_excel_csv_then_confirms_it(browser_page, live_url, login, tmp_path):
    factories.DirectorFactory(username="directeur", first_name="Karim", last_name="Benali")
    factories.DGFactory(username="dg", first_name="Claire", last_name="Martin")
    factories.PriorityFactory(code="CSC", name="Cohésion sociale – Citoyenneté")
    path = tmp_path / "chantiers.csv"
    path.write_bytes(CSV.encode("cp1252"))
    page = browser_page

    login(page, "dg")
    page.goto(f"{live_url}/workstreams/import/")
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(str(path))
    page.get_by_role("button", name="Vérifier ou importer").click()
    page.wait_for_load_state("domcontentloaded")
    report = page.locator("#report-title").locator("..").inner_text()
    assert "Essai à blanc réussi" in report
    assert "La ligne 1 (« Programme — chantiers à importer ») précède l'en-tête" in report
    assert "Windows-1252" in report
    if os.environ.get("CAP_SCREENSHOTS"):  # to look at the page: CAP_SCREENSHOTS=<dir>
        page.screenshot(
            path=os.path.join(os.environ["CAP_SCREENSHOTS"], "import.png"), full_page=True
        )
    assert not Workstream.objects.exists()

    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_url(f"{live_url}/workstreams/")
    assert "Import terminé" in page.locator(".messages").inner_text()
    workstream = Workstream.objects.get(code="CSC-07")
    assert workstream.phase == "implementation"
    assert workstream.milestones.count() == 1
