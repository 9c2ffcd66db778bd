from django.urls import path

from organisation.sso import oidc

urlpatterns = [
    path("authenticate/", oidc.authentication_init, name="oidc_authentication_init"),
    path("callback/", oidc.authentication_callback, name="oidc_authentication_callback"),
]
