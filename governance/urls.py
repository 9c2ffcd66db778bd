from django.urls import path

from governance import recruitment_views, views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/decisions/new/", views.decision_create, name="decision-create"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/export/", views.decision_export, name="decision-export"),
    path("decisions/<int:pk>/follow-up/", views.decision_follow_up, name="decision-follow-up"),
    path("dg-agenda/", views.dg_agenda, name="dg-agenda"),
    path(
        "recruitments/<int:pk>/arbitration/",
        recruitment_views.recruitment_arbitration,
        name="recruitment-arbitration",
    ),
]
