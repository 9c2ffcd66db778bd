"""The DG runs a CODIR meeting in a real browser, without /admin/ (issue 12's "Shown by"):
creates it, pulls three items from the drafted DG agenda, convenes it (an email with a
valid .ics to each member), marks it held, records the attendance and two decisions (one
with its follow-up action), publishes the minutes; the workstream's page then shows the
decision and its follow-up."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from governance.models import Body, Decision, Meeting
from tests import factories


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name).first.click()
    page.wait_for_load_state("domcontentloaded")


@pytest.mark.django_db(transaction=True)
def test_the_dg_runs_a_codir_meeting_from_creation_to_the_published_minutes(
    browser_page, live_url, login
):
    dg = factories.DGFactory(username="dg", first_name="Claire", last_name="Martin")
    directors = factories.DirectorFactory.create_batch(2)
    codir = factories.BodyFactory(
        name="Comité de direction", short_name="CODIR", kind=Body.Kind.ADMINISTRATIVE, chair=dg
    )
    codir.members.add(dg, *directors)
    workstream = factories.WorkstreamFactory(code="GOV-01", title="Nouvelles instances CODIR")
    late = factories.MilestoneFactory(
        workstream=workstream,
        title="Charte de gouvernance adoptée",
        due_date=timezone.localdate() - dt.timedelta(days=10),
        is_key=True,
    )
    factories.StatusUpdateFactory(workstream=workstream, state="submitted")
    position = factories.PositionFactory(title="Assistante de direction", workstream=workstream)
    factories.RecruitmentFactory(position=position, stage="dg_arbitration")
    other = factories.WorkstreamFactory(code="GOV-02", title="Formats de réunion")
    factories.MilestoneFactory(
        workstream=other, title="Jalon à laisser", due_date=timezone.localdate() - dt.timedelta(5)
    )
    page = browser_page
    login(page, "dg")

    # A CODIR meeting, today in an hour's time.
    page.goto(f"{live_url}/governance/meetings/new/")
    form = page.locator("main form.form")
    form.locator('[name="body"]').select_option(str(codir.pk))
    starts = timezone.localtime() + dt.timedelta(minutes=30)
    form.locator('[name="starts_at"]').fill(starts.strftime("%Y-%m-%dT%H:%M"))
    form.locator('[name="place"]').fill("Salle du conseil")
    _submit(page, "Créer la réunion")
    meeting = Meeting.objects.get()
    assert page.url.endswith(f"/governance/meetings/{meeting.pk}/")

    # Three items pulled from the drafted DG agenda in one action (on its own page, linked
    # from the meeting's); the others left out.
    page.get_by_role("link", name="Reprendre l'ordre du jour proposé").click()
    assert page.url.endswith(f"/governance/meetings/{meeting.pk}/pull/")
    boxes = page.locator('input[name="proposals"]')
    wanted = {f"milestone:{late.pk}", "update:", "arbitration:"}
    for i in range(boxes.count()):
        box = boxes.nth(i)
        value = box.get_attribute("value")
        if not any(value.startswith(w) for w in wanted):
            box.uncheck()
    _submit(page, "Ajouter les points cochés à l'ordre du jour")
    assert page.url.endswith(f"/governance/meetings/{meeting.pk}/#agenda")
    assert "3 point(s) repris" in page.locator(".messages").inner_text()
    titles = list(meeting.agenda_items.order_by("order").values_list("title", flat=True))
    assert len(titles) == 3
    assert titles[0].startswith("GOV-01 — jalon en retard : Charte de gouvernance adoptée")
    assert "Jalon à laisser" not in " ".join(titles)

    # Convened: each member gets the agenda and a valid invitation.
    _submit(page, "Convoquer les membres")
    assert "Convocation envoyée" in page.locator(".messages").inner_text()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in codir.members.all())
    for message in mail.outbox:
        assert titles[0] in message.body
        (name, content, _mimetype) = message.attachments[0]
        event = Calendar.from_ical(content).walk("VEVENT")[0]
        assert name == "convocation.ics"
        assert event.decoded("DTSTART") == meeting.starts_at
        assert str(event["SUMMARY"]) == "Comité de direction"

    # Held; the attendance.
    _submit(page, "Marquer la réunion comme tenue")
    page.locator(f"#status-{dg.pk}").select_option("present")
    page.locator(f"#status-{directors[0].pk}").select_option("excused")
    page.locator(f"#status-{directors[1].pk}").select_option("represented")
    _submit(page, "Enregistrer les présences")
    assert "Présences enregistrées." in page.locator(".messages").inner_text()

    # Two decisions, each from its agenda item (the item's link opens the decision's page
    # with the item chosen).
    items = list(meeting.agenda_items.order_by("order"))
    for item, kind, text in [
        (items[0], "validation", "La charte de gouvernance est adoptée en CODIR."),
        (items[2], "arbitration", "Le poste d'assistante de direction est arbitré."),
    ]:
        page.get_by_role("link", name=f"Enregistrer une décision : {item.title}").click()
        form = page.locator("main form.form")
        assert form.locator('[name="agenda_item"]').input_value() == str(item.pk)
        form.locator('[name="kind"]').select_option(kind)
        form.locator('[name="text"]').fill(text)
        _submit(page, "Enregistrer la décision")
        assert "Décision enregistrée." in page.locator(".messages").inner_text()
    charter = Decision.objects.get(kind="validation")
    assert charter.workstream == workstream

    # Its follow-up action, on its own page linked from the decision.
    page.locator(f"#decision-{charter.pk}").get_by_role(
        "link", name="Ajouter une action de suivi"
    ).click()
    form = page.locator("main form.form")
    form.locator('[name="title"]').fill("Diffuser la charte aux directions")
    form.locator('[name="owner"]').select_option(str(directors[0].pk))
    form.locator('[name="due_date"]').fill(
        (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    )
    _submit(page, "Ajouter l'action")
    assert page.url.endswith(f"/governance/meetings/{meeting.pk}/#decision-{charter.pk}")
    assert "Action de suivi ajoutée." in page.locator(".messages").inner_text()

    # The minutes, written then sent to the members.
    mail.outbox.clear()
    page.locator('[name="minutes"]').fill("Relevé de décisions du CODIR.")
    _submit(page, "Enregistrer le compte rendu")
    _submit(page, "Diffuser le compte rendu aux membres")
    assert "Compte rendu diffusé aux membres." in page.locator(".messages").inner_text()
    assert len(mail.outbox) == 3
    assert "La charte de gouvernance est adoptée en CODIR." in mail.outbox[0].body
    meeting.refresh_from_db()
    assert meeting.state == "held" and meeting.minutes_published_on == timezone.localdate()

    # The printable version carries the agenda, the minutes and the decisions.
    page.get_by_role("link", name="Version imprimable").click()
    printable = page.locator("main").inner_text()
    assert "Relevé de décisions du CODIR." in printable and "Diffuser la charte" in printable

    # The workstream's page shows the decision and its follow-up.
    page.goto(f"{live_url}/workstreams/GOV-01/")
    panel = page.locator("section[aria-labelledby=decisions]")
    text = panel.inner_text()
    assert "La charte de gouvernance est adoptée en CODIR." in text
    assert "Diffuser la charte aux directions" in text and "à faire" in text
