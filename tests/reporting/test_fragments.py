"""The dashboard's cached panels (reporting/fragments.py): reused while nothing changes,
renewed by any change, by the next day, and never shared across what viewers may see."""

import contextlib
import datetime as dt

import time_machine
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from reporting import fragments
from tests import factories as f
from tests.reporting.conftest import PARIS
from tests.reporting.test_dashboard import DG_QUERIES, section
from workstreams.models import StatusUpdate, Workstream


def panels(response) -> str:
    """The dashboard's HTML from the heatmap on (the cached part and the activity)."""
    content = response.content.decode()
    return content[content.index('aria-labelledby="weather-title"') :]


def test_a_second_view_reads_the_panels_from_the_cache(
    client, dg, programme, django_assert_num_queries
):
    client.force_login(dg)
    with django_assert_num_queries(DG_QUERIES):
        first = client.get("/")
    # 1 session, 2 user, 3 the programme's revision, 4-6 the session saved.
    with django_assert_num_queries(6):
        second = client.get("/")
    assert panels(second) == panels(first)
    assert "Ouverture du guichet" in section(second.content.decode(), "overdue-title")


def test_publishing_an_update_shows_on_the_very_next_view(client, dg, programme):
    client.force_login(dg)
    waiting = section(client.get("/").content.decode(), "waiting-title")
    assert "CSC-01" in waiting and "VAM-01" in waiting
    submitted = StatusUpdate.objects.get(workstream=programme.guichet, state="submitted")
    response = client.post(
        reverse("workstreams:status-update-publish", args=["CSC-01", submitted.pk]),
        {"version": submitted.version},
    )
    assert response.status_code == 302
    waiting = section(client.get("/").content.decode(), "waiting-title")
    assert "CSC-01" not in waiting and "VAM-01" in waiting


def test_a_write_in_the_same_instant_or_in_bulk_gives_a_new_revision(programme):
    # The clock is frozen here: only the history ids tell the two states apart.
    before = fragments.programme_revision()
    f.MilestoneFactory(workstream=programme.guichet, title="Jalon ajouté")
    after_save = fragments.programme_revision()
    assert after_save != before
    bulk_create_with_history(
        [
            Workstream(
                code="BULK-01",
                title="Chantier en masse",
                priority=programme.cohesion,
                owner=programme.guichet.owner,
            )
        ],
        Workstream,
    )
    assert fragments.programme_revision() not in {before, after_save}


def test_the_next_day_renews_the_panels_without_any_change(client, dg, programme):
    client.force_login(dg)
    assert "Charte d&#x27;accueil" not in section(client.get("/").content.decode(), "overdue-title")
    later = dt.datetime.combine(programme.due_soon.due_date, dt.time(9), tzinfo=PARIS)
    with time_machine.travel(later + dt.timedelta(days=1), tick=False):
        client.force_login(dg)  # the first session has ended by then
        overdue = section(client.get("/").content.decode(), "overdue-title")
    assert "Charte d&#x27;accueil" in overdue


def test_a_directors_draft_stays_out_of_the_activity_cached_for_others(
    client, dg, director, other_director, programme
):
    draft = StatusUpdate(
        workstream=programme.guichet,
        date=dt.date(2021, 7, 5),
        weather="off_track",
        progress=5,
        state=StatusUpdate.State.DRAFT,
        author=director,
        public_summary="Brouillon du directeur",
    )
    draft._history_user = director
    # A minute after the programme was made: the latest entry of the feed whatever the ids.
    with time_machine.travel(dt.datetime(2021, 7, 5, 10, 1, tzinfo=PARIS), tick=False):
        draft.save()

    def drafts_in_feed(user) -> int:
        """The entries of the draft in the activity panel `user` sees, from the HTML: the
        second view of the same viewer is read from the cache."""
        client.force_login(user)
        recent = section(client.get("/").content.decode(), "recent-title")
        entries = recent.split('<li class="activity__entry">')[1:]
        return sum(
            director.get_full_name() in e and "Point d&#x27;avancement" in e for e in entries
        )

    assert drafts_in_feed(director) == 1  # their own, cached for them only
    assert drafts_in_feed(other_director) == 0
    assert drafts_in_feed(dg) == 1  # the DG sees every row (reporting/activity.py)
    assert drafts_in_feed(other_director) == 0
    assert drafts_in_feed(director) == 1


def test_a_committed_transaction_bumps_the_generation_once(transactional_db):
    """Real commits here: the generation moves after the commit, once per transaction."""
    workstream = f.WorkstreamFactory()
    start = cache.get(fragments.GENERATION_KEY, 0)
    with transaction.atomic():
        f.MilestoneFactory(workstream=workstream, title="Jalon ajouté")
        f.MilestoneFactory(workstream=workstream, title="Autre jalon")
        assert cache.get(fragments.GENERATION_KEY, 0) == start  # not before the commit
    assert cache.get(fragments.GENERATION_KEY) == start + 1


def test_a_rolled_back_write_leaves_the_generation_and_the_next_commit_bumps_it(
    transactional_db,
):
    workstream = f.WorkstreamFactory()
    start = cache.get(fragments.GENERATION_KEY, 0)
    with contextlib.suppress(RuntimeError), transaction.atomic():
        f.MilestoneFactory(workstream=workstream, title="Annulé")
        raise RuntimeError
    assert cache.get(fragments.GENERATION_KEY, 0) == start
    with transaction.atomic():
        with contextlib.suppress(RuntimeError), transaction.atomic():  # a savepoint
            f.MilestoneFactory(workstream=workstream, title="Annulé aussi")
            raise RuntimeError
        f.MilestoneFactory(workstream=workstream, title="Gardé")
    assert cache.get(fragments.GENERATION_KEY) == start + 1
