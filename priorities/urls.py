from django.urls import path

from priorities import views

app_name = "priorities"

urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("new/", views.programme_create, name="programme-create"),
    path("<slug:slug>/switch/", views.programme_switch, name="programme-switch"),
    path("<slug:slug>/close/", views.programme_close, name="programme-close"),
    path("<slug:slug>/activate/", views.programme_activate, name="programme-activate"),
]
