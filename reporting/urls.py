from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("milestones/", views.milestone_timeline, name="milestone-timeline"),
    path("milestones/export/", views.milestone_export, name="milestone-export"),
    path("activity/", views.activity_feed, name="activity"),
    path("activity/export/", views.activity_export, name="activity-export"),
    path("progress/", views.progress, name="progress"),
    path("progress/priorities/<int:pk>/", views.progress_priority, name="progress-priority"),
    path(
        "progress/workstreams/<str:code>/",
        views.progress_workstream,
        name="progress-workstream",
    ),
    path("accessibilite/", views.accessibility, name="accessibility"),
]
