"""Each dashboard for its reader (issue 11, point 3): the DG's opens with headline figures
and their to-do lists; a director's with their own to-dos; the charts' tables are there on
demand, not printed twice; lateness and slippage are two labelled figures."""

import datetime as dt
import re

from tests import factories as f
from tests.reporting.conftest import TODAY
from workstreams.models import Action, StatusUpdate, Weather


def test_the_dg_dashboard_opens_with_the_headline_figures_of_the_programme(client, dg, programme):
    client.force_login(dg)
    response = client.get("/")
    headline = response.context["headline"]
    # Guichet on track, Accueil at risk, Fêtes off track, Bénévoles without a point; the
    # archived workstream is never counted.
    assert headline.by_weather == {"on_track": 1, "at_risk": 1, "off_track": 1, "none": 1}
    assert headline.workstreams == 4
    assert headline.overdue_milestones == 1
    assert headline.due_soon_milestones == 1
    assert headline.waiting_for_dg == 2  # Guichet's and Fêtes' submitted updates
    assert headline.decisions_pending == 2  # Accueil and Fêtes ask for one
    assert headline.stale == 2  # Accueil (25 days) and Bénévoles (never)
    content = response.content.decode()
    figures = content[content.index('aria-labelledby="headline-title"') :]
    figures = figures[: figures.index("</section>")]
    assert "1 jalon en retard" in " ".join(re.sub(r"<[^>]+>", " ", figures).split())
    assert 'href="/workstreams/?weather=off_track"' in figures
    # Each weather is a colour, an icon and a word with its count.
    for word in ["Vert", "Orange", "Rouge", "Pas de point"]:
        assert word in figures


def test_the_dg_to_do_lists_come_right_after_the_figures_and_before_the_charts(
    client, dg, programme
):
    client.force_login(dg)
    content = client.get("/").content.decode()
    order = [
        content.index('id="headline-title"'),
        content.index('id="todo-title"'),
        content.index('id="waiting-title"'),
        content.index('id="needed-title"'),
        content.index('id="weather-title"'),
        content.index('id="overdue-title"'),
    ]
    assert order == sorted(order)


def test_each_chart_table_is_offered_on_demand_and_printed_once(client, dg, programme):
    client.force_login(dg)
    content = client.get("/").content.decode()
    for table in ("weather-table", "domain-table", "funnel-table"):
        assert content.count(f'id="{table}"') == 1
        opening = content.rindex("<details", 0, content.index(f'id="{table}"'))
        assert "</details>" not in content[opening : content.index(f'id="{table}"')]
    # The bar charts carry their values for screen readers without opening the table.
    assert "Ressources : 20 %" in content


def test_an_overdue_milestone_shows_its_lateness_and_its_slippage_as_two_figures(
    client, dg, programme
):
    milestone = programme.overdue
    milestone.baseline_date = dt.date(2020, 12, 28)  # promised half a year earlier
    milestone.save()
    client.force_login(dg)
    content = client.get("/").content.decode()
    panel = content[content.index('aria-labelledby="overdue-title"') :]
    panel = panel[: panel.index("</section>")]
    assert "en retard de 5 j" in panel
    assert "glissement +184 j par rapport à l&#x27;échéance initiale" in panel


def returned(workstream, author, comment):
    return f.StatusUpdateFactory(
        workstream=workstream,
        author=author,
        date=TODAY - dt.timedelta(days=1),
        weather=Weather.AT_RISK,
        progress=40,
        state=StatusUpdate.State.DRAFT,
        return_comment=comment,
    )


def test_a_director_dashboard_starts_with_their_to_dos(client, director, programme):
    returned(programme.accueil, director, "Précisez le budget demandé.")
    f.ActionFactory(workstream=programme.guichet, title="Former les agents", due_date=TODAY)
    f.ActionFactory(
        workstream=programme.guichet, title="Plus tard", due_date=TODAY + dt.timedelta(days=60)
    )
    f.ActionFactory(
        workstream=programme.guichet,
        title="Déjà faite",
        due_date=TODAY,
        state=Action.State.DONE,
    )
    f.ActionFactory(workstream=programme.fetes, title="Action d'une autre", due_date=TODAY)
    client.force_login(director)
    response = client.get("/")
    todo = response.context["todo"]
    assert [u.workstream.code for u in todo.returned] == ["CSC-02"]
    assert [u.workstream.code for u in todo.drafts] == ["CSC-01"]
    assert [m.title for m in todo.late_milestones] == ["Ouverture du guichet"]
    assert [a.title for a in todo.actions_due] == ["Former les agents"]
    assert [d.text for d in todo.decisions] == ["Ouvrir le guichet en septembre"]
    content = response.content.decode()
    assert content.index('id="todo-title"') < content.index('id="mine-title"')
    assert content.index('id="returned-title"') < content.index('id="drafts-title"')
    section = content[content.index('id="returned-title"') : content.index('id="drafts-title"')]
    assert "Points à reprendre" in section
    assert "Précisez le budget demandé." in section
    update = todo.returned[0]
    assert f'href="/workstreams/CSC-02/updates/{update.pk}/edit/"' in section
    late = content[content.index('id="my-late-title"') :]
    assert "en retard de 5 j" in late[: late.index("</section>")]
    # Another director's action and the DG's to-do lists are not theirs.
    assert "Action d&#x27;une autre" not in content
    assert 'id="waiting-title"' not in content


def test_a_director_with_nothing_to_do_is_told_so(client, other_director, programme):
    client.force_login(other_director)
    response = client.get("/")
    todo = response.context["todo"]
    # Sophie's Fêtes has no draft, no late milestone, no action due, no decision.
    assert todo.empty
    assert "Rien ne vous attend" in response.content.decode()


def test_a_directors_late_milestones_show_their_full_count_beside_the_first_ten(
    client, director, programme
):
    """The panel lists ten, oldest first; its badge and caption give all of them."""
    for days in range(11, 23):  # twelve more overdue milestones of Karim's Guichet
        f.MilestoneFactory(
            workstream=programme.guichet,
            title=f"Retard de {days} jours",
            due_date=TODAY - dt.timedelta(days=days),
        )
    client.force_login(director)
    response = client.get("/")
    todo = response.context["todo"]
    assert todo.late_milestones_total == 13
    assert len(todo.late_milestones) == 10
    assert todo.late_milestones[0].title == "Retard de 22 jours"
    content = response.content.decode()
    title = content[content.index('id="my-late-title"') :]
    assert '<span class="badge badge--late">13</span>' in title[: title.index("</h3>")]
    assert "les 10 premiers sur 13" in title
