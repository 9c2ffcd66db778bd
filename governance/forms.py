"""Forms of the governance pages. They validate; the services write."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import (
    AgendaItem,
    Attendance,
    Body,
    College,
    Decision,
    FollowUpAction,
    Meeting,
    MemberRole,
)
from organisation.models import OrgUnit, User
from recruitment.models import Position, Recruitment
from workstreams.models import Workstream

MAX_TEXT = 5000
# The stages where a recruitment waits for a body: the DG's arbitration, the CST's opinion.
GOVERNANCE_STAGES = (
    Recruitment.Stage.NEED_IDENTIFIED,
    Recruitment.Stage.PROFILE_VALIDATED,
    Recruitment.Stage.DG_ARBITRATION,
    Recruitment.Stage.CST_OPINION,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _version_field():
    return forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )


def _people():
    """Who carries out a decision or its follow-up: the DG, the directors and HR (a
    narrow list: not every account)."""
    return (
        User.objects.filter(
            is_active=True, role__in=[User.Role.DG, User.Role.DIRECTOR, User.Role.HR]
        )
        .only("pk", "first_name", "last_name", "username")
        .order_by("last_name", "first_name", "username")
    )


def _workstreams(programme):
    """The active workstreams of the current programme (every programme's when None)."""
    workstreams = Workstream.objects.active()
    if programme is not None:
        workstreams = workstreams.filter(programme=programme)
    # The columns a choice's label reads: a thousand full rows cost 100 ms more.
    return workstreams.only("pk", "code", "title").order_by("code")


class MeetingForm(forms.ModelForm):
    """A meeting of a body the person runs; `reconvenes` for a session convened again for
    want of quorum."""

    version = _version_field()

    class Meta:
        model = Meeting
        fields = ["body", "starts_at", "place", "urgent", "reconvenes"]
        widgets = {"starts_at": DateTimeInput()}

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies.order_by("name")
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["reconvenes"].queryset = (
            Meeting.objects.filter(
                body__kind=Body.Kind.SOCIAL_DIALOGUE,
                starts_at__gte=timezone.now() - dt.timedelta(days=60),
            )
            .exclude(state=Meeting.State.CANCELLED)
            .select_related("body")
            .order_by("-starts_at")
        )
        self.fields["place"].max_length = 200
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "workstream"]

    def __init__(self, *args, programme=None, **kwargs):
        kwargs.setdefault("auto_id", "agenda_%s")
        super().__init__(*args, **kwargs)
        # Typed, not picked among the programme's thousand workstreams.
        field = _subject_field(
            "workstream",
            _workstreams(programme),
            label=_("Chantier (code)"),
            help_text=_("Le code du chantier dont le point traite, par exemple CSC-01."),
            message=_("Aucun chantier actif du programme en cours ne porte ce code."),
            to_field_name="code",
        )
        del field.widget.attrs["list"]
        self.fields["workstream"] = field
        self.fields["title"].max_length = 250


class PullForm(forms.Form):
    """The drafted DG agenda's proposals, all ticked: one click takes them."""

    proposals = forms.MultipleChoiceField(
        label=_("Points proposés"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_key = {p.key: p for _title, section in proposals for p in section}
        self.fields["proposals"].choices = [
            (title, [(p.key, p.title) for p in section]) for title, section in proposals if section
        ]
        self.fields["proposals"].initial = list(self.by_key)
        self.fields["proposals"].error_messages["required"] = _(
            "Cochez au moins un point de l'ordre du jour proposé."
        )

    def chosen(self):
        return [self.by_key[key] for key in self.cleaned_data["proposals"]]

    def groups(self):
        """(section title, [(key, label, ticked)]) for the page's checkboxes: what is
        ticked read once, not once per box (700 boxes at scale 10)."""
        ticked = set(self["proposals"].value() or ())
        return [
            (title, [(key, label, key in ticked) for key, label in rows])
            for title, rows in self.fields["proposals"].choices
        ]


class OutcomeForm(forms.Form):
    """The "suite donnée" of one agenda item of a held meeting, on the meeting's page."""

    outcome = forms.CharField(
        label=_("Suite donnée"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, item: AgendaItem, **kwargs):
        kwargs.setdefault("auto_id", f"outcome-{item.pk}-%s")
        kwargs.setdefault("initial", {"outcome": item.outcome, "version": item.version})
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["outcome"].label = _("Suite donnée : %(title)s") % {"title": item.title}


class MemberSearchForm(forms.Form):
    """The body page's search for a person to seat (a NUL byte or a text over 100
    characters refused with the field's message)."""

    q = forms.CharField(required=False, max_length=100)


class VersionForm(forms.Form):
    """A one-button change of a versioned object: the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("up", _("Monter")), ("down", _("Descendre"))], label=_("Sens")
    )


class AttendanceForm(forms.Form):
    """One row per member of the body: `member` (their id) and `status` (present, excused,
    represented, absent, or blank), posted as parallel lists so the names stay fixed."""

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {member.pk: member for member in members}

    def rows(self):
        statuses = dict(Attendance.Status.choices)
        return [(member, statuses) for member in self.members.values()]

    def clean(self):
        ids, statuses = self.data.getlist("member"), self.data.getlist("status")
        if len(ids) != len(statuses):
            raise forms.ValidationError(_("Indiquez une présence par membre."))
        chosen = {}
        for raw, status in zip(ids, statuses, strict=True):
            if not raw.isdigit() or int(raw) not in self.members:
                raise forms.ValidationError(_("Ce membre n'appartient pas à l'instance."))
            if status and status not in Attendance.Status.values:
                raise forms.ValidationError(_("Choisissez une présence de la liste."))
            if status:
                chosen[self.members[int(raw)]] = status
        self.cleaned_data["statuses"] = chosen
        return self.cleaned_data

    def statuses(self) -> dict:
        return self.cleaned_data["statuses"]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Compte rendu (relevé de décisions)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class _SubjectField(forms.ModelChoiceField):
    """A decision's subject typed rather than picked among thousands (a workstream's code,
    a post's or a recruitment's number), the page's datalist suggesting those of the
    meeting's agenda; a NUL byte or an over-long text is refused as an unknown subject
    before it reaches the database."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if "\x00" in value or len(value) > 20:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super().to_python(value)


def _subject_field(model_field, queryset, *, label, help_text, message, to_field_name=None):
    widget = (
        forms.TextInput(attrs={"list": f"suggested-{model_field}", "autocomplete": "off"})
        if to_field_name
        else forms.NumberInput(attrs={"list": f"suggested-{model_field}", "min": 1})
    )
    field = _SubjectField(
        queryset,
        required=False,
        label=label,
        help_text=help_text,
        to_field_name=to_field_name,
        widget=widget,
    )
    field.error_messages["invalid_choice"] = message
    return field


def _subject_choices(form: forms.ModelForm, programme) -> None:
    """The subject and owner of a decision. The subject is typed: the code of an active
    workstream of the current programme, the number of a recruitment a body still has to
    decide on (up to the CST's opinion: arbitration, opinion or postponement) or of an
    open post no opinion was given on, of the current programme (or tied to none); the
    page suggests those of the meeting's agenda (`suggestions`). The decision's own current
    subjects stay valid when it is corrected. Units and owners stay in lists."""
    fields = form.fields
    in_programme = Q(workstream__isnull=True)
    if programme is not None:
        in_programme |= Q(workstream__programme=programme)
    recruitments = Recruitment.objects.in_progress().filter(
        stage__in=GOVERNANCE_STAGES, position__in=Position.objects.filter(in_programme)
    )
    positions = Position.objects.filter(
        in_programme, suppressed_on__isnull=True, is_filled=False, cst_opinion_on__isnull=True
    )
    workstreams = _workstreams(programme)
    current = {}
    if form.instance.pk is not None:
        current = {
            name: getattr(form.instance, f"{name}_id")
            for name in ("workstream", "recruitment", "position")
        }
    querysets = {}
    for name, queryset in (
        ("workstream", workstreams),
        ("recruitment", recruitments),
        ("position", positions),
    ):
        if current.get(name) is not None:
            queryset = queryset | queryset.model._default_manager.filter(pk=current[name])
        querysets[name] = queryset
    fields["workstream"] = _subject_field(
        "workstream",
        querysets["workstream"],
        label=_("Chantier (code)"),
        help_text=_("Le code du chantier, par exemple CSC-01."),
        message=_("Aucun chantier actif du programme en cours ne porte ce code."),
        to_field_name="code",
    )
    fields["position"] = _subject_field(
        "position",
        querysets["position"],
        label=_("Poste (numéro)"),
        help_text=_("Le numéro d'un poste ouvert sans avis du Comité social territorial."),
        message=_("Aucun poste ouvert sans avis du CST ne porte ce numéro."),
    )
    fields["recruitment"] = _subject_field(
        "recruitment",
        querysets["recruitment"],
        label=_("Recrutement (numéro de procédure)"),
        help_text=_("Le numéro d'une procédure en attente d'arbitrage ou d'avis."),
        message=_("Aucune procédure en attente d'une instance ne porte ce numéro."),
    )
    form._suggested = (workstreams, positions, recruitments)
    fields["org_unit"].queryset = OrgUnit.objects.only("pk", "name", "acronym").order_by("name")
    fields["owner"].queryset = _people()
    fields["owner"].help_text = _("Prévenu·e dans Cap et par courriel.")
    fields["text"].max_length = MAX_TEXT
    if current.get("owner") is None and form.instance.pk is not None:
        current["owner"] = form.instance.owner_id
    if current.get("owner") is not None:
        queryset = fields["owner"].queryset
        fields["owner"].queryset = queryset | User._default_manager.filter(pk=current["owner"])


def _suggestions(form, meeting) -> dict:
    """What the subject fields' datalists suggest: the workstreams of the meeting's agenda
    items, and the open posts and waiting recruitments tied to them."""
    workstreams, positions, recruitments = form._suggested
    if meeting is None:
        return {"workstream": [], "position": [], "recruitment": []}
    on_agenda = workstreams.filter(agenda_items__meeting=meeting).distinct()
    tied = Q(workstream__agenda_items__meeting=meeting)
    return {
        "workstream": on_agenda,
        "position": positions.filter(tied).distinct().only("pk", "title").order_by("title"),
        "recruitment": recruitments.filter(Q(position__workstream__agenda_items__meeting=meeting))
        .distinct()
        .select_related("position")
        .only("pk", "position__title")
        .order_by("position__title", "pk"),
    }


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "agenda_item",
            "kind",
            "text",
            "date",
            "owner",
            "workstream",
            "position",
            "recruitment",
            "org_unit",
            "unanimous",
            "published",
        ]
        widgets = {
            "date": DateInput(),
            "text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "published": _("Une décision publiée apparaît dans le point d'étape des élus."),
            "agenda_item": _("Le point de l'ordre du jour dont la décision est issue."),
        }

    def suggestions(self) -> dict:
        return _suggestions(self, self.meeting)

    def __init__(self, *args, meeting: Meeting, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order", "pk")
        _subject_choices(self, programme)
        self.meeting = meeting
        if meeting.body.kind != Body.Kind.SOCIAL_DIALOGUE:
            del self.fields["unanimous"]


class DecisionEditForm(forms.ModelForm):
    """The correction of a recorded decision (governance.services.decision_edit): its
    wording, owner, date and subject; the version the page showed."""

    version = _version_field()

    class Meta:
        model = Decision
        fields = ["text", "owner", "date", "workstream", "position", "recruitment", "org_unit"]
        widgets = DecisionForm.Meta.widgets

    def suggestions(self) -> dict:
        return _suggestions(self, self.meeting)

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        _subject_choices(self, programme)
        self.meeting = self.instance.meeting
        # The model's default date is a callable: no hidden "initial-date" here, the date
        # is the recorded one.
        self.fields["date"].show_hidden_initial = False
        self.fields["version"].initial = self.instance.version
        self.fields["version"].required = True


class FollowUpForm(forms.Form):
    follow_up = forms.ChoiceField(label=_("Suivi"), choices=Decision.FollowUp.choices)


class FollowUpActionForm(forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["title", "owner", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()
        self.fields["title"].max_length = 250


class ActionDoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    done_on = forms.DateField(label=_("Faite le"), widget=DateInput(), required=False)

    def clean_done_on(self):
        return self.cleaned_data.get("done_on") or timezone.localdate()


class BodyForm(forms.ModelForm):
    version = _version_field()

    class Meta:
        model = Body
        fields = ["charter", "cadence", "secretary"]
        widgets = {"charter": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secretary"].queryset = User.objects.filter(
            is_active=True, role__in=(User.Role.DG, User.Role.DIRECTOR)
        ).order_by("last_name", "first_name", "username")
        self.fields["charter"].max_length = 20000
        self.fields["version"].initial = self.instance.version
        self.fields["version"].required = True


class MembershipForm(forms.Form):
    """Add a member to a body: a person found by the search (`q` on the body's page), their
    role, and their college where the body sits in colleges (the CST)."""

    user = forms.ModelChoiceField(label=_("Personne"), queryset=None)
    role = forms.ChoiceField(
        label=_("Rôle dans l'instance"), choices=MemberRole.choices, initial=MemberRole.TITULAR
    )
    college = forms.ChoiceField(label=_("Collège"), choices=College.choices)

    def __init__(self, *args, body: Body, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            # The search's results: the choices the page shows (already read).
            self.fields["user"].queryset = User.objects.none()
            self.fields["user"].choices = [(u.pk, _person_label(u)) for u in candidates]
        else:
            self.fields["user"].queryset = User.objects.filter(is_active=True).exclude(bodies=body)
        self.fields["user"].error_messages["invalid_choice"] = _(
            "Choisissez une personne parmi les résultats de la recherche (déjà membre ?)."
        )
        if not body.has_colleges:
            del self.fields["college"]


class MemberRemoveForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Membre"), queryset=None)

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = body.members.all()
        self.fields["user"].error_messages["invalid_choice"] = _(
            "Cette personne n'est pas membre de l'instance."
        )


def _person_label(user) -> str:
    name = user.get_full_name() or user.username
    return f"{name} — {user.job_title}" if getattr(user, "job_title", "") else name
