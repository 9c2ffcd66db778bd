"""Reads of the governance app: the calendar, the register, the drafted DG agenda."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import rules
from governance.models import (
    Attendance,
    Body,
    College,
    Decision,
    FollowUpAction,
    Meeting,
    MemberRole,
    Membership,
)
from organisation.models import User
from recruitment.models import Recruitment
from workstreams.models import Milestone, StatusUpdate, Workstream


def labels(choices) -> dict[str, str]:
    """A TextChoices' labels by value, translated once: a lazy label is translated again
    each time a row prints it."""
    return {value: str(label) for value, label in choices.choices}


def bodies_with_next_meeting():
    """The bodies, each with the date and id of its next planned meeting
    (`next_meeting_at`, `next_meeting_id`): a subquery by key each, not every coming
    meeting read to show one."""
    upcoming = Meeting.objects.upcoming().filter(body=OuterRef("pk")).order_by("starts_at", "pk")
    return Body.objects.select_related("chair").annotate(
        next_meeting_id=Subquery(upcoming.values("pk")[:1]),
        next_meeting_at=Subquery(upcoming.values("starts_at")[:1]),
    )


def meeting_calendar(*, start: dt.date, end: dt.date):
    return (
        Meeting.objects.filter(starts_at__date__gte=start, starts_at__date__lte=end)
        .select_related("body")
        .order_by("starts_at", "pk")
    )


CALENDAR_PAGE_SIZE = 30


def calendar_page(*, start: dt.date, end: dt.date, number: str | None) -> Page:
    """A page of the calendar from `start` to `end`: page `number`, or without one the
    page holding the first meeting still to come (counted with the whole period, in one
    query); each meeting's state as a word (`state_label`)."""
    meetings = meeting_calendar(start=start, end=end)
    counted = meetings.aggregate(
        total=Count("pk"), past=Count("pk", filter=Q(starts_at__lt=timezone.now()))
    )
    paginator = Paginator(meetings, CALENDAR_PAGE_SIZE)
    paginator.count = counted["total"]  # cached_property: the aggregate counted them
    page = paginator.get_page(number or counted["past"] // CALENDAR_PAGE_SIZE + 1)
    states = labels(Meeting.State)
    for meeting in page:
        meeting.state_label = states.get(meeting.state, meeting.state)
    return page


@dataclass
class AgendaSection:
    title: str
    items: list = field(default_factory=list)
    key: str = ""
    # Every row the section holds, when `items` shows only the first ones (the DG agenda
    # page: each section's first AGENDA_PREVIEW rows and a link to all of them).
    total: int | None = None


# What the DG agenda page shows of each section; the section's own page shows them all.
AGENDA_PREVIEW = 10
# The pull page's proposals: every workstream in red or asking for a decision, the first
# 50 of the other sections.
PULL_LIMITS = {"milestone": 50, "arbitration": 50, "blocked": 50, "update": 50}


def agenda_titles() -> dict[str, str]:
    """Each section's key and title, in the agenda's order (translated once per page)."""
    return {
        "off_track": _("Chantiers en rouge"),
        "milestone": _("Jalons en retard"),
        "decisions": _("Décisions attendues par les directions"),
        "arbitration": _("Recrutements en attente d'arbitrage"),
        "blocked": _("Recrutements bloqués depuis plus de 30 jours"),
        "update": _("Points d'avancement à publier pour les élus"),
    }


def next_dg_meeting() -> Meeting | None:
    return (
        Meeting.objects.upcoming()
        .filter(Q(body__short_name__iexact="Hebdo DG") | Q(body__name__icontains="hebdomadaire"))
        .select_related("body")
        .first()
    )


def agenda_rows(*, programme=None, today: dt.date | None = None, lean: bool = False) -> dict:
    """What needs the DG, section by section (agenda_titles' keys), each an ordered
    queryset of every row: about `programme` (the current one: its workstreams,
    milestones and updates, and the recruitments tied to none of another programme's
    workstreams); every programme's when None. `lean` reads only what the pull page's
    proposals (governance.agenda) show: no owners or authors (700 rows at scale 10)."""
    today = today or timezone.localdate()
    workstreams = Workstream.objects.active()
    milestones = Milestone.objects.overdue(today)
    updates = StatusUpdate.objects.awaiting_publication()
    recruitments = Recruitment.objects.in_progress()
    if programme is not None:
        workstreams = workstreams.filter(programme=programme)
        milestones = milestones.filter(workstream__programme=programme)
        updates = updates.filter(workstream__programme=programme)
        recruitments = recruitments.filter(
            Q(position__workstream__isnull=True) | Q(position__workstream__programme=programme)
        )
    # Only the columns a row shows (the rows are counted before ten are kept: the narrower
    # the rows, the cheaper the count). `lean`: no owners or authors.
    name = ("first_name", "last_name", "username")  # what a person's str() reads
    listed = (
        workstreams.select_related(None)  # neither the active() manager's joins
        .only("pk", "code", "title")
        .order_by("code", "pk")
    )
    updates = updates.select_related("workstream").only("pk", "date", "workstream__code")
    if not lean:
        listed = listed.select_related("owner").only(
            "pk", "code", "title", *(f"owner__{field}" for field in name)
        )
        updates = updates.select_related("author").only(
            "pk", "date", "workstream__code", *(f"author__{field}" for field in name)
        )
    milestones = (
        milestones.select_related("workstream")
        .only("pk", "title", "due_date", "workstream__code")
        .order_by("due_date", "pk")
    )
    stuck_limit = timezone.now() - dt.timedelta(days=settings.CAP_RECRUITMENT_STUCK_DAYS)
    recruitments = recruitments.select_related("position__org_unit").only(
        "pk",
        "stage",
        "stage_changed_at",
        "position__title",
        "position__workstream",
        "position__org_unit__name",
        "position__org_unit__acronym",
    )
    return {
        "off_track": listed.filter(current_weather="off_track"),
        "milestone": milestones,
        # The stored flag and the current update's text (the update the flag was read
        # from), joined by key: no subquery per workstream.
        "decisions": listed.filter(decisions_pending=True).annotate(
            pending_decisions=F("current_update__decisions_needed")
        ),
        "arbitration": recruitments.filter(
            stage__in=(Recruitment.Stage.PROFILE_VALIDATED, Recruitment.Stage.DG_ARBITRATION),
            arbitration_on__isnull=True,
        ),
        "blocked": recruitments.filter(stage_changed_at__lt=stuck_limit),
        "update": updates,
    }


def drafted_dg_agenda(
    *, programme=None, today: dt.date | None = None, lean: bool = False, preview: bool = False
) -> list[AgendaSection]:
    """The draft agenda of the next weekly DG meeting (agenda_rows), one query a section:
    the pull page's proposals (PULL_LIMITS), or with `preview` each section's first
    AGENDA_PREVIEW rows and, counted in the same query, how many it holds in all."""
    rows = agenda_rows(programme=programme, today=today, lean=lean)
    sections = []
    for key, title in agenda_titles().items():
        if preview:
            items = list(rows[key].annotate(section_total=Window(Count("pk")))[:AGENDA_PREVIEW])
            total = items[0].section_total if items else 0
            sections.append(AgendaSection(title, with_stage_labels(key, items), key, total))
        else:
            limit = PULL_LIMITS.get(key)
            items = list(rows[key][:limit] if limit else rows[key])
            sections.append(AgendaSection(title, items, key))
    return sections


def with_stage_labels(key: str, items):
    """A recruitment's stage as a word (`stage_label`) on the rows of a recruitment
    section, the labels read once, not once a row."""
    if key in ("arbitration", "blocked"):
        stages = labels(Recruitment.Stage)
        for item in items:
            item.stage_label = stages.get(item.stage, item.stage)
    return items


def late_minutes(today: dt.date | None = None) -> list[Meeting]:
    """Held meetings whose minutes are past their legal delay and not sent out: the DG's
    to-do (governance.rules.minutes_late says the same for one meeting)."""
    today = today or timezone.localdate()
    candidates = (
        Meeting.objects.filter(
            state=Meeting.State.HELD,
            minutes_published_on__isnull=True,
            body__minutes_days__gt=0,
            starts_at__date__lt=today,
        )
        .select_related("body__secretary")
        .order_by("starts_at")
    )
    return [meeting for meeting in candidates if rules.minutes_late(meeting, today)]


def _actions_counted(**conditions):
    """How many of a decision's follow-up actions meet `conditions`: a subquery by key for
    each decision read, so the register's page reads its 50 rows without joining and
    grouping every decision's actions first."""
    actions = (
        FollowUpAction.objects.filter(decision=OuterRef("pk"), **conditions)
        .order_by()
        .values("decision")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(actions), 0)


def decision_register():
    """The register's decisions with what a row or an export line shows;
    `governance.filters.DecisionFilter` narrows it (archived ones left out unless asked)."""
    today = timezone.localdate()
    return (
        Decision.objects.all()
        .select_related("meeting__body", "workstream", "recruitment__position", "org_unit", "owner")
        .annotate(
            actions_done=_actions_counted(done_on__isnull=False),
            actions_late=_actions_counted(done_on__isnull=True, due_date__lt=today),
            actions_open=_actions_counted(done_on__isnull=True, due_date__gte=today),
        )
        .order_by("-date", "-pk")
    )


def decision_rows(ids) -> list[Decision]:
    """The register's rows of these decisions (a page's ids), in the register's order and
    with their labels. Read by key: joined to their meetings, subjects and owners before
    being sorted, every decision of the register would be read to keep fifty."""
    return with_labels(list(decision_register().filter(pk__in=list(ids))))


def with_labels(decisions):
    """Each decision's kind and follow-up as words (`kind_label`, `follow_up_label`), the
    labels read once, not once a row."""
    kinds, follow_ups = labels(Decision.Kind), labels(Decision.FollowUp)
    for decision in decisions:
        decision.kind_label = kinds.get(decision.kind, decision.kind)
        decision.follow_up_label = follow_ups.get(decision.follow_up, decision.follow_up)
    return decisions


def decisions_with_elected(programme=None):
    """The decisions to take with the élus (mécanismes de décision avec les élus) the DG
    published and that are not yet carried out: the élus' "décisions attendues"."""
    decisions = (
        Decision.objects.published()
        .filter(kind=Decision.Kind.WITH_ELECTED)
        .exclude(follow_up=Decision.FollowUp.DONE)
    )
    if programme is not None:
        decisions = decisions.filter(
            Q(workstream__isnull=True) | Q(workstream__programme=programme)
        )
    return decisions.select_related("workstream", "meeting__body").order_by("date", "pk")


def meeting_items(meeting: Meeting):
    return meeting.agenda_items.select_related("workstream").order_by("order", "pk")


def meeting_decisions(meeting: Meeting):
    """The meeting's decisions with their follow-up actions and owners (one query each)."""
    return (
        meeting.decisions.filter(archived_at__isnull=True)
        .select_related(
            "workstream", "recruitment__position", "position", "org_unit", "agenda_item", "owner"
        )
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=FollowUpAction.objects.select_related("owner").order_by("due_date", "pk"),
            )
        )
        .order_by("pk")
    )


def _seated(body: Body):
    """The body's members, each annotated with their college and role (one query)."""
    seat = Membership.objects.filter(body=body, user=OuterRef("pk"))
    return body.members.annotate(
        college_code=Subquery(seat.values("college")[:1]),
        role_code=Subquery(seat.values("role")[:1]),
    ).order_by("last_name", "first_name", "username")


def _label(member) -> None:
    colleges, roles = dict(College.choices), dict(MemberRole.choices)
    member.college = colleges.get(member.college_code or "", "")
    member.role = member.role_code or MemberRole.TITULAR
    member.role_label = roles[member.role]


def meeting_members(meeting: Meeting) -> list:
    """The body's members, each with `.attendance` (their status or ""), `.college` and
    `.role_label`: one query."""
    status = Attendance.objects.filter(meeting=meeting, user=OuterRef("pk"))
    members = list(_seated(meeting.body).annotate(attendance=Subquery(status.values("status")[:1])))
    status_labels = dict(Attendance.Status.choices)
    for member in members:
        member.attendance = member.attendance or ""
        member.attendance_label = status_labels.get(member.attendance, "")
        _label(member)
    return members


def body_page(body: Body):
    """The body's members with their college and role, and its recent and coming
    meetings."""
    members = list(_seated(body))
    for member in members:
        _label(member)
    meetings = body.meetings.order_by("-starts_at")[:20]
    return members, meetings


MEMBER_SEARCH_LIMIT = 20


def member_candidates(body: Body, text: str) -> list:
    """Active people matching `text` (name, username or email) who are not yet members of
    `body`: the add-a-member form's choices, at most MEMBER_SEARCH_LIMIT."""
    text = text.strip()
    if not text:
        return []
    match = Q()
    for word in text.split()[:4]:
        match &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(email__icontains=word)
        )
    return list(
        User.objects.filter(match, is_active=True)
        .exclude(bodies=body)
        .order_by("last_name", "first_name", "username")[:MEMBER_SEARCH_LIMIT]
    )
