from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import files, views
from core.auth import CapLoginView, LoginForm, ThrottledPasswordChangeView
from reporting import calendar, report

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("files/<path:path>", files.serve_upload, name="uploaded-file"),
    path(
        "accounts/login/",
        CapLoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("oidc/", include("organisation.sso.urls")),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        ThrottledPasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("calendar/<str:token>.ics", calendar.feed, name="calendar-feed"),
    path("admin/", admin.site.urls),
    path("programmes/", include("priorities.urls")),
    path("workstreams/", include("workstreams.urls")),
    path("recruitment/", include("recruitment.urls")),
    path("governance/", include("governance.urls")),
    path("organisation/", include("organisation.urls")),
    path("notifications/", include("notifications.urls")),
    path("progress/report/", report.progress_report, name="progress-report"),
    path("progress/report.pdf", report.progress_report_pdf, name="progress-report-pdf"),
    path("progress/report/slides/", report.progress_report_slides, name="progress-report-slides"),
    # reporting reads every app; only this file imports it (DESIGN.md §2).
    path("", include("reporting.urls")),
]
