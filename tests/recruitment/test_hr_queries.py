"""HR's new lists run the same queries for few and many rows (DESIGN.md §5)."""

import pytest

from tests import factories

# Every logged-in page: 1 session, 2 user; the base template's 3 current programme with its
# commune joined. The session is not written (SESSION_REFRESH_SECONDS has not passed).
EVERY_PAGE = 3


def _rows(workstream, n: int) -> None:
    for _ in range(n):
        recruitment = factories.RecruitmentFactory(
            position__workstream=workstream, position__nature="creation"
        )
        factories.JobProfileFactory(position=recruitment.position)


@pytest.mark.parametrize(
    ("url", "own"),
    [
        # the paginator's count; the page of posts with their unit and the stage of their
        # open recruitment; the totals of the posts filtered; the filter form's directions.
        ("/recruitment/positions/", 4),
        # the paginator's count; the page of profiles with their post, unit and signers;
        # the filter form's directions.
        ("/recruitment/profiles/", 3),
        # the first cards of each stage with the stage's counts (windows); their posts with
        # unit and workstream; the filter form's directions (the workstream is typed).
        ("/recruitment/board/", 3),
        # (the current programme, read by the view, is the header's); the paginator's
        # count; the page of posts waiting, with their workstream and unit's parents; the
        # totals by nature and budget state of every post concerned; the directions.
        ("/recruitment/arbitration/", 4),
    ],
)
def test_hrs_lists_run_the_same_queries_for_few_and_many_rows(
    client, hr, url, own, django_assert_num_queries
):
    workstream = factories.WorkstreamFactory()
    _rows(workstream, 2)
    client.force_login(hr)
    client.get(url)  # the first page of a session stores the chosen programme in it
    with django_assert_num_queries(EVERY_PAGE + own):
        assert client.get(url).status_code == 200
    _rows(workstream, 10)
    with django_assert_num_queries(EVERY_PAGE + own):
        assert client.get(url).status_code == 200


def _stage_changes(recruitment, n: int) -> None:
    from recruitment.models import StageChange

    StageChange.objects.bulk_create(
        StageChange(
            recruitment=recruitment,
            from_stage="need_identified",
            to_stage="need_identified",
            actor=recruitment.hr_owner,
            reason=f"note {i}",
        )
        for i in range(n)
    )


def test_the_recruitment_page_runs_the_same_queries_for_few_and_many_stage_changes(
    client, hr, django_assert_num_queries
):
    recruitment = factories.RecruitmentFactory(position__nature="creation")
    factories.JobProfileFactory(position=recruitment.position)
    _stage_changes(recruitment, 2)
    url = f"/recruitment/{recruitment.pk}/"
    client.force_login(hr)
    client.get(url)
    # 1 session, 2 user; 3 the recruitment with its position, unit, workstream and owner;
    # the rules' data: 4 the legal references, 5 the interview panel rule, 6 the legal
    # reference the findings cite; 7 the decisions that may grant the arbitration; the
    # header's 8 current programme and 9 its commune (none in this factory-built one);
    # 10 the recruitment's republications, 11 its stage changes with their actors.
    with django_assert_num_queries(EVERY_PAGE + 8):
        assert client.get(url).status_code == 200
    _stage_changes(recruitment, 12)
    with django_assert_num_queries(EVERY_PAGE + 8):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("note ") >= 14
