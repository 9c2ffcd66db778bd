from django.urls import path

from recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("", views.recruitment_list, name="recruitment-list"),
    path("export/", views.recruitment_export, name="recruitment-export"),
    path("<int:pk>/", views.recruitment_detail, name="recruitment-detail"),
    path("<int:pk>/stage/", views.recruitment_stage, name="recruitment-stage"),
    path("<int:pk>/facts/", views.recruitment_facts, name="recruitment-facts"),
]
