from django.urls import path

from recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("", views.recruitment_list, name="recruitment-list"),
]
