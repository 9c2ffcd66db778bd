from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("progress/", views.progress, name="progress"),
    path("accessibilite/", views.accessibility, name="accessibility"),
]
