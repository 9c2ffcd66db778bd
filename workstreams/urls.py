from django.urls import path

from workstreams import action_views, exports, import_views, milestone_views, views

app_name = "workstreams"

urlpatterns = [
    path("", views.workstream_list, name="workstream-list"),
    path("new/", views.workstream_create, name="workstream-create"),
    path("export/", exports.workstream_export, name="workstream-export"),
    path("import/", import_views.workstream_import, name="workstream-import"),
    path(
        "import/confirm/",
        import_views.workstream_import_confirm,
        name="workstream-import-confirm",
    ),
    path(
        "import/template/",
        import_views.workstream_import_template,
        name="workstream-import-template",
    ),
    path("<str:code>/", views.workstream_detail, name="workstream-detail"),
    path("<str:code>/edit/", views.workstream_edit, name="workstream-edit"),
    path("<str:code>/archive/", views.workstream_archive, name="workstream-archive"),
    path("<str:code>/updates/new/", views.status_update_create, name="status-update-create"),
    path("<str:code>/updates/<int:pk>/edit/", views.status_update_edit, name="status-update-edit"),
    path(
        "<str:code>/updates/<int:pk>/submit/",
        views.status_update_submit,
        name="status-update-submit",
    ),
    path(
        "<str:code>/updates/<int:pk>/withdraw/",
        views.status_update_withdraw,
        name="status-update-withdraw",
    ),
    path(
        "<str:code>/updates/<int:pk>/publish/",
        views.status_update_publish,
        name="status-update-publish",
    ),
    path(
        "<str:code>/updates/<int:pk>/return/",
        views.status_update_return,
        name="status-update-return",
    ),
    path("<str:code>/milestones/new/", milestone_views.milestone_create, name="milestone-create"),
    path(
        "<str:code>/milestones/<int:pk>/edit/",
        milestone_views.milestone_edit,
        name="milestone-edit",
    ),
    path(
        "<str:code>/milestones/<int:pk>/reach/",
        milestone_views.milestone_reach,
        name="milestone-reach",
    ),
    path(
        "<str:code>/milestones/<int:pk>/postpone/",
        milestone_views.milestone_postpone,
        name="milestone-postpone",
    ),
    path(
        "<str:code>/milestones/<int:pk>/archive/",
        milestone_views.milestone_archive,
        name="milestone-archive",
    ),
    path("<str:code>/actions/new/", action_views.action_create, name="action-create"),
    path("<str:code>/actions/<int:pk>/edit/", action_views.action_edit, name="action-edit"),
    path("<str:code>/actions/<int:pk>/done/", action_views.action_done, name="action-done"),
]
