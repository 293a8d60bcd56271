"""Role-aware navigation: a link shows only when its page exists and the user may open it."""

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

NAVIGATION = [
    # (label, url name, permissions the link needs, permission that hides it: reached another way)
    ("Home", "home", (), None),
    ("Carers", "carers:carer_list", ("carers.view_carer",), None),
    ("Carer KPIs", "carers:kpis", ("carers.view_carer_statistics",), None),
    ("Grants and vouchers", "carers:grant_list", ("carers.view_carergrant",), None),
    ("Signposting directory", "carers:directory_list", ("carers.view_directoryentry",), None),
    ("Imports", "carers:import_list", ("carers.add_carerimport", "carers.add_carer"), None),
    ("Contracts", "commissioning:contract_list", ("commissioning.view_contract",), None),
    # CSC and brokerage officers read providers; commissioners reach them from the register.
    (
        "Providers",
        "commissioning:provider_list",
        ("commissioning.view_providerprofile",),
        "commissioning.view_contract",
    ),
    ("Procurements", "commissioning:procurement_list", ("commissioning.view_procurement",), None),
    ("Budgets", "budgets:budget_list", ("budgets.view_budget",), None),
    ("Brokerage", "brokerage:calloff_list", ("brokerage.view_calloff",), None),
    ("Consultations", "consultations:event_list", ("consultations.view_consultationevent",), None),
    ("Reminder lead times", "reminders:rule_list", ("reminders.view_reminderrule",), None),
    # Administrators keep the scheme of delegation; commissioners reach it from the register.
    (
        "Decision thresholds",
        "commissioning:threshold_list",
        ("commissioning.view_decisionthreshold",),
        "commissioning.view_contract",
    ),
    # Administrators keep the procurement plan templates; commissioners reach them from the pipeline.
    (
        "Plan templates",
        "commissioning:plantemplate_list",
        ("commissioning.view_plantemplate",),
        "commissioning.view_procurement",
    ),
    # Administrators reach organisations and areas under Administration.
    ("Organisations and areas", "accounts:organisation_list", ("accounts.view_organisation",), "accounts.view_user"),
    ("Administration", "accounts:user_list", ("accounts.view_user",), None),
]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, url_name, permissions, hidden_by in NAVIGATION:
        if not user.has_perms(permissions) or (hidden_by and user.has_perm(hidden_by)):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": False})
    # The link whose page the request is on, or the deepest section it is under ("/carers/grants/…"
    # is Grants and vouchers, not Carers).
    under = [
        item
        for item in items
        if request.path == item["url"] or (item["url"] != "/" and request.path.startswith(item["url"]))
    ]
    if under:
        max(under, key=lambda item: len(item["url"]))["active"] = True
    return {"navigation": items}
