"""The administrator's reference data for governance. Every save goes through the
governance services, so the history's who, the version, the rules (quorum, new examination,
convocation) and the facts written on workstreams, posts, recruitments and units happen as
from the pages; what a service sets from a page (a meeting's state, convocation, minutes; a
decision's subject, kind and date; the attendance) shows read-only here."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from governance import services
from governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Decision,
    FollowUpAction,
    Meeting,
    Membership,
)
from governance.services.bodies import BODY_PAGE_FIELDS, BODY_REFERENCE_FIELDS
from governance.services.decisions import DECISION_EDITABLE_FIELDS
from governance.services.meetings import MEETING_FIELDS

# What a decision wrote elsewhere when it was recorded: never changed afterwards.
DECISION_GOVERNED_FIELDS = (
    "meeting",
    "agenda_item",
    "workstream",
    "position",
    "recruitment",
    "org_unit",
    "kind",
    "date",
    "unanimous",
    # Corrected on the decision's page (governance.services.decision_edit), which tells a
    # new owner and re-writes the facts below; archived there, its version checked.
    "owner",
    "archived_at",
    "version",
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(ReadOnlyInline):
    """The members' seats (role, college): added and removed on the body's page, through
    `member_add` and `member_remove`, which keep the member list and the seats together."""

    model = Membership
    fields = ("user", "role", "college")
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "kind", "chair", "secretary", "cadence")
    # The members are seated on the body's page (governance.services.member_add).
    readonly_fields = ("version", "members")
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        if not change:
            data = {name: form.cleaned_data.get(name) for name in form.cleaned_data}
            data = {
                k: v for k, v in data.items() if k in (*BODY_PAGE_FIELDS, *BODY_REFERENCE_FIELDS)
            }
            created = services.body_create(data=data, members=[], actor=request.user)
            obj.pk, obj.version = created.pk, created.version
            obj._state.adding = False
            return
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if data:
            services.body_update(body=obj, data=data, actor=request.user)


class AgendaItemInline(ReadOnlyInline):
    """The agenda is built on the meeting's page (add, reorder, remove, pull)."""

    model = AgendaItem
    fields = ("order", "title", "kind", "workstream", "outcome")
    readonly_fields = fields


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ("user", "status")
    readonly_fields = fields


class MeetingAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        meeting = Meeting(
            pk=self.instance.pk,
            **{name: cleaned.get(name) for name in MEETING_FIELDS if name in cleaned},
        )
        if meeting.body_id and meeting.starts_at:
            try:
                services.check_reconvenes(meeting)
            except ValidationError as error:
                self.add_error(None, error.messages)
        return cleaned


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    form = MeetingAdminForm
    list_display = ("body", "starts_at", "place", "state", "convocation_date")
    list_filter = ("body", "state")
    fields = (
        *MEETING_FIELDS,
        "state",
        "convocation_date",
        "minutes",
        "minutes_published_on",
        "version",
    )
    # Set by the meeting page's convocation, holding and minutes forms (their services).
    readonly_fields = ("state", "convocation_date", "minutes", "minutes_published_on", "version")
    inlines = [AgendaItemInline, AttendanceInline]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in MEETING_FIELDS}
        if not change:
            body = data.pop("body")
            created = services.meeting_create(body=body, data=data, items=[], actor=request.user)
            obj.pk, obj.version = created.pk, created.version
            obj._state.adding = False
            return
        services.meeting_update(meeting=obj, data=data, actor=request.user, version=None)


class FollowUpActionInline(ReadOnlyInline):
    model = FollowUpAction
    fields = ("title", "owner", "due_date", "done_on")
    readonly_fields = fields


class DecisionAdminForm(forms.ModelForm):
    """On creation, the service's own checks (subject, quorum, new examination) as form
    errors, before anything is saved."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk or self.errors:
            return cleaned
        meeting = cleaned.get("meeting")
        if meeting is None:
            self.add_error("meeting", "Une décision se prend lors d'une réunion : choisissez-la.")
            return cleaned
        data = {k: v for k, v in cleaned.items() if k not in ("meeting", "follow_up")}
        try:
            services.decision_prepare(meeting=meeting, data=data)
        except ValidationError as error:
            self.add_error(None, error.messages)
        return cleaned


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    form = DecisionAdminForm
    list_display = ("date", "kind", "workstream", "follow_up", "published")
    list_filter = ("kind", "follow_up", "published")
    inlines = [FollowUpActionInline]

    def has_delete_permission(self, request, obj=None):
        # Decisions are archived, never deleted, by anyone but a superuser.
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return DECISION_GOVERNED_FIELDS if obj is not None else ("archived_at", "version")

    def save_model(self, request, obj, form, change):
        if not change:
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("meeting", "follow_up")}
            created = services.decision_record(
                meeting=form.cleaned_data["meeting"], data=data, actor=request.user
            )
            obj.pk = created.pk
            obj._state.adding = False
            return
        edits = {
            k: form.cleaned_data[k] for k in form.changed_data if k in DECISION_EDITABLE_FIELDS
        }
        if edits:
            services.decision_edit(decision=obj, data=edits, actor=request.user)
        if "follow_up" in form.changed_data:
            services.decision_set_follow_up(
                decision=obj, follow_up=form.cleaned_data["follow_up"], actor=request.user
            )
