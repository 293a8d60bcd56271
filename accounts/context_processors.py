"""Role-aware navigation: a link shows only when its page exists and the user may open it."""

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

NAVIGATION = [
    # (label, url name, permission)
    ("Home", "home", None),
    ("Carers", "carers:carer_list", "carers.view_carer"),
    ("Carer KPIs", "carers:kpis", "carers.view_carer_statistics"),
    ("Contracts", "commissioning:contract_list", "commissioning.view_contract"),
    ("Procurements", "commissioning:procurement_list", "commissioning.view_procurement"),
    ("Budgets", "budgets:budget_list", "budgets.view_budget"),
    ("Brokerage", "brokerage:calloff_list", "brokerage.view_calloff"),
    ("Consultations", "consultations:event_list", "consultations.view_consultationevent"),
    ("Administration", "accounts:user_list", "accounts.view_user"),
]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, url_name, permission in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return {"navigation": items}
