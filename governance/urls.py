from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("dg-agenda/", views.dg_agenda, name="dg-agenda"),
]
