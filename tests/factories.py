"""factory-boy factories for every model. History rows are not doubled
(skip_postgeneration_save), so audit tests can count them exactly."""

import datetime as dt

import factory
from django.utils import timezone

from governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Decision,
    FollowUpAction,
    Meeting,
    Membership,
)
from notifications.models import Notification
from organisation.models import Commune, OrgUnit, Role, User
from priorities.models import (
    Component,
    Domain,
    FrameworkDocument,
    Mandate,
    MandatePriority,
    Priority,
    Programme,
)
from recruitment.models import JobProfile, LegalReference, Position, Recruitment
from reporting.models import Edition
from reporting.point_etape import build_content
from workstreams.models import Action, Milestone, StatusUpdate, Weather, Workstream
from workstreams.services import workstreams_refresh_status

PASSWORD = "cap2021-demo"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Direction {n}")
    acronym = factory.Sequence(lambda n: f"D{n}")
    kind = OrgUnit.Kind.DIRECTION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@mairie.example")
    role = Role.DIRECTOR
    password = factory.django.Password(PASSWORD)


class DGFactory(UserFactory):
    role = Role.DG


class DirectorFactory(UserFactory):
    role = Role.DIRECTOR
    org_unit = factory.SubFactory(OrgUnitFactory)


class ElectedFactory(UserFactory):
    role = Role.ELECTED
    delegation = "Adjointe à la citoyenneté"


class HRFactory(UserFactory):
    role = Role.HR


class AdminFactory(UserFactory):
    role = Role.DG
    is_superuser = True
    is_staff = True


class CommuneFactory(factory.django.DjangoModelFactory):
    """The commune: a single row, so every call returns it."""

    class Meta:
        model = Commune
        django_get_or_create = ("singleton",)

    singleton = True
    name = "Ville de Saint-Exemple"


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Mandat {2020 + 6 * n}-{2026 + 6 * n}")
    start_date = factory.Sequence(lambda n: dt.date(2020 + 6 * n, 7, 1))


def default_mandate() -> Mandate:
    """The mandate the reference rows belong to unless a test says otherwise."""
    return MandateFactory(name="Mandat 2020-2026", start_date=dt.date(2020, 7, 1))


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A programme in preparation; `default_programme()` is the shared active one."""

    class Meta:
        model = Programme
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Programme {n}")
    short_name = factory.Sequence(lambda n: f"PRG {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    commune = factory.SubFactory(CommuneFactory)
    mandate = factory.LazyFunction(default_mandate)
    start_date = dt.date(2021, 1, 1)
    state = Programme.State.PREPARATION


def default_programme() -> Programme:
    """The active programme every priority (and so every workstream) belongs to unless a
    test gives another one."""
    return ProgrammeFactory(
        slug="cap-2021",
        name="CAP 2021 – Adaptation de l'Organisation",
        short_name="CAP 2021",
        state=Programme.State.ACTIVE,
    )


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component
        django_get_or_create = ("programme", "code")

    programme = factory.LazyFunction(default_programme)
    code = factory.Sequence(lambda n: f"composante-{n}")
    name = factory.Sequence(lambda n: f"Composante {n}")
    order = factory.Sequence(lambda n: n)


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ("mandate", "number")

    mandate = factory.LazyFunction(default_mandate)

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Domaine {n + 1}")


class MandatePriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MandatePriority
        django_get_or_create = ("mandate", "code")

    mandate = factory.LazyFunction(default_mandate)

    code = factory.Sequence(lambda n: f"mandat-{n}")
    name = factory.Sequence(lambda n: f"Priorité du mandat {n}")


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority
        django_get_or_create = ("programme", "code")
        skip_postgeneration_save = True

    programme = factory.LazyFunction(default_programme)

    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"Priorité {n}")
    order = factory.Sequence(lambda n: n)


class FrameworkDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkDocument

    title = factory.Sequence(lambda n: f"Document {n}")
    kind = FrameworkDocument.Kind.DIRECTION_PROJECT


class WorkstreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workstream
        skip_postgeneration_save = True

    # Within the code's shape (letters or digits, a dash, up to three digits) however many
    # workstreams a whole test run creates: WS0-001 … WS0-999, WS1-001 …
    code = factory.Sequence(lambda n: f"WS{n // 999}-{n % 999 + 1:03d}")
    title = factory.Sequence(lambda n: f"Chantier {n}")
    summary = "Un chantier du programme."
    priority = factory.SubFactory(PriorityFactory)
    # As the services do: always the priority's programme.
    programme = factory.LazyAttribute(lambda w: w.priority.programme)
    owner = factory.SubFactory(DirectorFactory)
    org_unit = factory.LazyAttribute(lambda w: w.owner.org_unit)
    start_date = dt.date(2021, 9, 1)
    target_date = dt.date(2022, 6, 30)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # `component="governance"`: the component of that code in the workstream's programme.
        if isinstance(kwargs.get("component"), str):
            kwargs["component"] = ComponentFactory(
                programme=kwargs["programme"], code=kwargs["component"]
            )
        return kwargs


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    workstream = factory.SubFactory(WorkstreamFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    due_date = dt.date(2022, 1, 31)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    workstream = factory.SubFactory(WorkstreamFactory)
    title = factory.Sequence(lambda n: f"Jalon {n}")
    due_date = dt.date(2022, 3, 31)
    baseline_date = factory.LazyAttribute(lambda m: m.due_date)


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate
        skip_postgeneration_save = True

    workstream = factory.SubFactory(WorkstreamFactory)
    author = factory.LazyAttribute(lambda s: s.workstream.owner)
    date = factory.LazyFunction(timezone.localdate)
    weather = Weather.ON_TRACK
    progress = 40
    done = "Ateliers tenus avec les équipes."
    next_steps = "Présenter les propositions en CODIR."
    public_summary = "Le chantier avance comme prévu."
    state = StatusUpdate.State.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def stored_status(obj, create, extracted, **kwargs):
        # The factory bypasses the services: keep the workstream's stored status as they do.
        if create:
            workstreams_refresh_status(workstream_ids=[obj.workstream_id])


class LegalReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalReference
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"ref-{n}")
    label = "Référence"
    code = "CGFP"
    article = factory.Sequence(lambda n: f"L.{n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    title = factory.Sequence(lambda n: f"Chargé de mission {n}")
    org_unit = factory.SubFactory(OrgUnitFactory)
    nature = Position.Nature.CREATION
    category = Position.Category.A
    filiere = Position.Filiere.ADMINISTRATIVE
    cadre_emplois = "Attachés territoriaux"
    grades = "Attaché"


class JobProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobProfile

    position = factory.SubFactory(PositionFactory)
    missions = "Coordonner le chantier."


class RecruitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recruitment

    position = factory.SubFactory(PositionFactory)
    hr_owner = factory.SubFactory(HRFactory)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Instance {n}")
    kind = Body.Kind.ADMINISTRATIVE


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    place = "Salle du conseil"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Point {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    kind = Decision.Kind.ARBITRATION
    text = "La DG valide la proposition."


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAction

    decision = factory.SubFactory(DecisionFactory)
    title = factory.Sequence(lambda n: f"Action de suivi {n}")
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory, kind=Body.Kind.SOCIAL_DIALOGUE)
    user = factory.SubFactory(UserFactory)
    college = Membership.College.STAFF


def seat_staff(body: Body, count: int) -> list:
    """`count` staff representatives seated on `body` (a CST), members of it too."""
    people = UserFactory.create_batch(count)
    for person in people:
        body.members.add(person)
        MembershipFactory(body=body, user=person)
    return people


def attend(meeting: Meeting, people, status: str = "present") -> None:
    for person in people:
        Attendance.objects.create(meeting=meeting, user=person, status=status)


def quorate(meeting: Meeting) -> Meeting:
    """A CST meeting whose two staff representatives are both present."""
    attend(meeting, seat_staff(meeting.body, 2))
    return meeting


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "milestone_due"
    subject = "Jalon à venir"
    dedup_key = factory.Sequence(lambda n: f"test:{n}")


class EditionFactory(factory.django.DjangoModelFactory):
    """A frozen point d'étape, shared with the élus, with the content its programme has
    when it is made (as reporting.services.edition_freeze writes it)."""

    class Meta:
        model = Edition

    programme = factory.LazyFunction(default_programme)
    date = factory.LazyFunction(timezone.localdate)
    occasion = "Séminaire des élus"
    shared_with_elected = True
    created_by = factory.SubFactory(DGFactory)
    content = factory.LazyAttribute(lambda e: build_content(e.programme, on=e.date))
