from django.urls import include, path

app_name = "carers"

urlpatterns = [
    # --- carers extras (KPIs, grants and vouchers, directory, import): keep grouped at the end ---
    path("kpis/", include("carers.kpis.urls")),
    path("imports/", include("carers.imports.urls")),
    path("grants/", include("carers.grants.urls")),
    path("directory/", include("carers.directory.urls")),
]
