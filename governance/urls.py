from django.urls import path

from governance import body_views, meeting_views, recruitment_views, views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("bodies/<int:pk>/", body_views.body_detail, name="body-detail"),
    path("bodies/<int:pk>/edit/", body_views.body_edit, name="body-edit"),
    path("bodies/<int:pk>/members/", body_views.body_membership, name="body-membership"),
    path(
        "bodies/<int:pk>/members/remove/",
        body_views.body_member_remove,
        name="body-member-remove",
    ),
    path("meetings/new/", meeting_views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/print/", meeting_views.meeting_print, name="meeting-print"),
    path("meetings/<int:pk>/agenda/", meeting_views.agenda_item_create, name="meeting-agenda-add"),
    path("meetings/<int:pk>/pull/", meeting_views.agenda_pull, name="meeting-agenda-pull"),
    path("agenda-items/<int:pk>/move/", meeting_views.agenda_item_move, name="agenda-item-move"),
    path(
        "agenda-items/<int:pk>/outcome/",
        meeting_views.agenda_item_outcome,
        name="agenda-item-outcome",
    ),
    path(
        "agenda-items/<int:pk>/remove/", meeting_views.agenda_item_remove, name="agenda-item-remove"
    ),
    path("meetings/<int:pk>/convene/", meeting_views.meeting_convene, name="meeting-convene"),
    path(
        "meetings/<int:pk>/attendance/", meeting_views.meeting_attendance, name="meeting-attendance"
    ),
    path("meetings/<int:pk>/held/", meeting_views.meeting_held, name="meeting-held"),
    path("meetings/<int:pk>/cancel/", meeting_views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/minutes/", meeting_views.meeting_minutes, name="meeting-minutes"),
    path(
        "meetings/<int:pk>/minutes/publish/",
        meeting_views.meeting_minutes_publish,
        name="meeting-minutes-publish",
    ),
    path("meetings/<int:pk>/decisions/new/", views.decision_create, name="decision-create"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/export/", views.decision_export, name="decision-export"),
    path("decisions/<int:pk>/edit/", views.decision_correct, name="decision-edit"),
    path("decisions/<int:pk>/archive/", views.decision_archive_view, name="decision-archive"),
    path("decisions/<int:pk>/follow-up/", views.decision_follow_up, name="decision-follow-up"),
    path("decisions/<int:pk>/publish/", views.decision_publish, name="decision-publish"),
    path(
        "decisions/<int:pk>/actions/new/",
        views.follow_up_action_create,
        name="decision-action-create",
    ),
    path(
        "follow-up-actions/<int:pk>/done/",
        views.follow_up_action_done,
        name="follow-up-action-done",
    ),
    path("dg-agenda/", views.dg_agenda, name="dg-agenda"),
    path("dg-agenda/<slug:section>/", views.dg_agenda_section, name="dg-agenda-section"),
    path(
        "recruitments/<int:pk>/arbitration/",
        recruitment_views.recruitment_arbitration,
        name="recruitment-arbitration",
    ),
]
