from django.urls import path

from recruitment import board_views, position_views, views

app_name = "recruitment"

urlpatterns = [
    path("", views.recruitment_list, name="recruitment-list"),
    path("export/", views.recruitment_export, name="recruitment-export"),
    path("new/", board_views.recruitment_create, name="recruitment-create"),
    path("board/", board_views.recruitment_board, name="recruitment-board"),
    path("arbitration/", board_views.arbitration, name="arbitration"),
    path("arbitration/export/", board_views.arbitration_export, name="arbitration-export"),
    path("<int:pk>/", views.recruitment_detail, name="recruitment-detail"),
    path("<int:pk>/stage/", views.recruitment_stage, name="recruitment-stage"),
    path("<int:pk>/facts/", views.recruitment_facts, name="recruitment-facts"),
    path("positions/", position_views.position_list, name="position-list"),
    path("positions/export/", position_views.position_export, name="position-export"),
    path("positions/new/", position_views.position_create_view, name="position-create"),
    path("positions/<int:pk>/", position_views.position_detail, name="position-detail"),
    path("positions/<int:pk>/edit/", position_views.position_edit, name="position-edit"),
    path(
        "positions/<int:pk>/suppress/",
        position_views.position_suppress_view,
        name="position-suppress",
    ),
    path("positions/<int:pk>/budget/", board_views.position_budget, name="position-budget"),
    path("profiles/", position_views.profile_list, name="profile-list"),
    path("profiles/export/", position_views.profile_export, name="profile-export"),
    path("profiles/new/", position_views.profile_create_view, name="profile-create"),
    path("profiles/<int:pk>/", position_views.profile_detail, name="profile-detail"),
    path("profiles/<int:pk>/edit/", position_views.profile_edit, name="profile-edit"),
    path("profiles/<int:pk>/submit/", position_views.profile_submit, name="profile-submit"),
    path(
        "profiles/<int:pk>/sign-director/",
        position_views.profile_sign_director,
        name="profile-sign-director",
    ),
    path("profiles/<int:pk>/sign-dg/", position_views.profile_sign_dg, name="profile-sign-dg"),
]
