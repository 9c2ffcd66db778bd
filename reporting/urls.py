from django.urls import path

from reporting import edition_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("milestones/", views.milestone_timeline, name="milestone-timeline"),
    path("milestones/export/", views.milestone_export, name="milestone-export"),
    path("activity/", views.activity_feed, name="activity"),
    path("activity/export/", views.activity_export, name="activity-export"),
    path("progress/", views.progress, name="progress"),
    path("progress/organisation/", views.progress_organisation, name="progress-organisation"),
    path("progress/priorities/<int:pk>/", views.progress_priority, name="progress-priority"),
    path(
        "progress/workstreams/<str:code>/",
        views.progress_workstream,
        name="progress-workstream",
    ),
    path("progress/editions/", edition_views.edition_list, name="edition-list"),
    path("progress/editions/new/", edition_views.edition_new, name="edition-new"),
    path("progress/editions/<int:pk>/", edition_views.edition_detail, name="edition-detail"),
    path("progress/editions/<int:pk>/slides/", edition_views.edition_slides, name="edition-slides"),
    path("progress/editions/<int:pk>.pdf", edition_views.edition_pdf, name="edition-pdf"),
    path("progress/editions/<int:pk>/share/", edition_views.edition_share, name="edition-share"),
    path("accessibilite/", views.accessibility, name="accessibility"),
]
