app_name = "workstreams"

urlpatterns: list = []
