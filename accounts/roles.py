"""What each role may do: the one table of role → permissions (DESIGN.md §4).

Every permission is named (`app_label.codename`), never matched by a pattern: a model added
later is nobody's until its author puts its permissions here (tests/accounts/test_roles.py fails
for a model that no role and no line of NOBODYS_MODELS mentions). `role_groups_sync` makes each
group's permissions exactly this table; every app's migrations that add models end with
`RunPython(sync_roles_migration)`, so a changed table reaches existing deployments on `migrate`.
`python manage.py role_permissions` prints the table (the README's role section shows it).
"""

from accounts.choices import Role

_NOTIFICATIONS = ["reminders.view_notification", "reminders.change_notification"]
_PLACES = ["accounts.view_area", "accounts.view_organisation"]
# The kinds of service bought and how (commissioning's reference lists, read by budgets too),
# and where the money comes from (budgets' funding streams, named by contracts too).
_SERVICE_LISTS = [
    "commissioning.view_serviceline",
    "commissioning.view_deliverymethod",
    "budgets.view_fundingstream",
]

# Personal data: only CSC officers, brokerage officers (scoped to the people referred to them, see
# carers.querysets) and administrators hold carers.view_carer. Finance officers and commissioners
# hold carers.view_carer_statistics: aggregated figures, never a person's record.
# Nobody holds change or delete on the access log or on any history table, and nobody deletes a
# carer's records (carers are closed or erased: carers.erase_carer, checked again in the service).
_CARER_RECORDS = [
    "carers.view_carer",
    "carers.add_carer",
    "carers.change_carer",
    "carers.view_caredforperson",
    "carers.add_caredforperson",
    "carers.change_caredforperson",
    "carers.view_caringrelationship",
    "carers.add_caringrelationship",
    "carers.change_caringrelationship",
    "carers.view_contact",
    "carers.add_contact",
    "carers.change_contact",
    "carers.view_referral",
    "carers.add_referral",
    "carers.change_referral",
    "carers.view_assessment",
    "carers.add_assessment",
    "carers.change_assessment",
    "carers.view_contingencyplan",
    "carers.add_contingencyplan",
    "carers.change_contingencyplan",
    "carers.view_accesslog",
    "carers.view_subjectaccessrequest",
    "carers.add_subjectaccessrequest",
    "carers.change_subjectaccessrequest",
    "carers.view_erasurerequest",
    "carers.add_erasurerequest",
    "carers.view_carergrant",
    "carers.add_carergrant",
    "carers.change_carergrant",
    "carers.view_voucherredemption",
    "carers.add_voucherredemption",
    "carers.view_carerimport",
    "carers.add_carerimport",
    "carers.change_carerimport",
    "carers.view_directoryentry",
    "carers.add_directoryentry",
    "carers.change_directoryentry",
    "carers.view_informationgiven",
    "carers.add_informationgiven",
    "carers.view_contactreason",
    "carers.view_conditioncategory",
    "carers.view_firstnameform",
]

# Commissioning's contracts register (issue 12). Commissioners keep their own organisation's
# contracts (partners read them: commissioning.querysets); finance officers read contracts and
# their values; CSC and brokerage officers read providers only; administrators edit thresholds.
_PROVIDERS_READ = ["commissioning.view_providerprofile", "commissioning.view_accreditation"]
_CONTRACTS_READ = [
    "commissioning.view_contract",
    "commissioning.view_contractamendment",
    "commissioning.view_contractkpi",
    "commissioning.view_kpireturn",
    "commissioning.view_decisionthreshold",
]
_CONTRACTS_KEEP = [
    *_PROVIDERS_READ,
    *_CONTRACTS_READ,
    "commissioning.add_providerprofile",
    "commissioning.change_providerprofile",
    "commissioning.add_accreditation",
    "commissioning.change_accreditation",
    "commissioning.add_contract",
    "commissioning.change_contract",
    "commissioning.exercise_extension",
    "commissioning.add_contractamendment",
    "commissioning.change_contractamendment",
    "commissioning.add_contractkpi",
    "commissioning.change_contractkpi",
    "commissioning.add_kpireturn",
    "commissioning.view_contractimport",
    "commissioning.add_contractimport",
]
# The procurement pipeline (issue 14): commissioners run their organisation's procurements
# (partners they are run for read them), lots, bidders, evaluation and award, and keep the risks.
_PROCUREMENTS = [
    "commissioning.view_procurement",
    "commissioning.add_procurement",
    "commissioning.change_procurement",
    "commissioning.view_stagetransition",
    "commissioning.view_lot",
    "commissioning.add_lot",
    "commissioning.change_lot",
    "commissioning.award_lot",
    "commissioning.view_bid",
    "commissioning.add_bid",
    "commissioning.change_bid",
    "commissioning.view_criterion",
    "commissioning.add_criterion",
    "commissioning.change_criterion",
    "commissioning.delete_criterion",
    "commissioning.view_score",
    "commissioning.add_score",
    "commissioning.change_score",
    "commissioning.view_agreedscore",
    "commissioning.add_agreedscore",
    "commissioning.change_agreedscore",
    "commissioning.view_risk",
    "commissioning.add_risk",
    "commissioning.change_risk",
]
# Procurement plans (issue 14, item 6): templates are reference data that commissioners and
# administrators keep for their organisation (a template's stages are written with it);
# commissioners plan their procurements with them.
_PLAN_TEMPLATES = [
    "commissioning.view_plantemplate",
    "commissioning.add_plantemplate",
    "commissioning.change_plantemplate",
    "commissioning.view_plantemplatestage",
]
_PLANS = [
    *_PLAN_TEMPLATES,
    "commissioning.view_procurementplan",
    "commissioning.add_procurementplan",
    "commissioning.change_procurementplan",
    "commissioning.view_plannedstage",
]
_THRESHOLDS_EDIT = [
    "commissioning.view_decisionthreshold",
    "commissioning.add_decisionthreshold",
    "commissioning.change_decisionthreshold",
    "commissioning.delete_decisionthreshold",
]
# Budgets: finance officers set, allocate, approve and export; commissioners read.
_BUDGET_READ = [
    "budgets.view_budget",
    "budgets.view_fundingcontribution",
    "budgets.view_allocation",
    "budgets.view_allocationgroup",
    "budgets.view_virement",
    "budgets.view_efficiency",
    "budgets.view_spend",
]
_BUDGET_EDIT = [
    *_BUDGET_READ,
    "budgets.add_budget",
    "budgets.change_budget",
    "budgets.approve_budget",
    "budgets.close_budget",
    "budgets.export_budget",
    "budgets.add_fundingcontribution",
    "budgets.change_fundingcontribution",
    "budgets.delete_fundingcontribution",
    "budgets.add_allocation",
    "budgets.change_allocation",
    "budgets.delete_allocation",
    "budgets.add_allocationgroup",
    "budgets.change_allocationgroup",
    "budgets.delete_allocationgroup",
    "budgets.add_virement",
    "budgets.add_efficiency",
    "budgets.change_efficiency",
    "budgets.delete_efficiency",
    "budgets.add_spend",
    "budgets.change_spend",
    "budgets.view_spendimport",
    "budgets.add_spendimport",
]

# Brokerage (brokerage/): officers run frameworks, call-offs, bids and packages of their council;
# commissioners read frameworks and totals; finance officers read package costs and totals (the
# monitoring pages carry no person); administrators keep the RAS bands.
_BROKERAGE_WORK = [
    "brokerage.view_rasband",
    "brokerage.view_personalbudget",
    "brokerage.add_personalbudget",
    "brokerage.change_personalbudget",
    "brokerage.view_framework",
    "brokerage.add_framework",
    "brokerage.change_framework",
    "brokerage.view_evaluationwindow",
    "brokerage.add_evaluationwindow",
    "brokerage.change_evaluationwindow",
    "brokerage.view_providerapplication",
    "brokerage.add_providerapplication",
    "brokerage.change_providerapplication",
    "brokerage.decide_providerapplication",
    "brokerage.view_applicationcheck",
    "brokerage.add_applicationcheck",
    "brokerage.view_calloff",
    "brokerage.add_calloff",
    "brokerage.change_calloff",
    "brokerage.award_calloff",
    "brokerage.view_bid",
    "brokerage.add_bid",
    "brokerage.change_bid",
    "brokerage.view_bidquestionscore",  # written through the bid's assessment (change_bid)
    "brokerage.view_carepackage",
    "brokerage.change_carepackage",
    "brokerage.view_package_totals",
    "brokerage.view_packagereview",
    "brokerage.add_packagereview",
    "brokerage.view_transferplan",
    "brokerage.add_transferplan",
    "brokerage.view_packagetransfer",
    "brokerage.change_packagetransfer",
    "brokerage.view_providerreturn",
    "brokerage.add_providerreturn",
]
_BROKERAGE_READ_FRAMEWORKS = [
    "brokerage.view_framework",
    "brokerage.view_evaluationwindow",
    "brokerage.view_package_totals",
]
# Consultations and involvement: commissioners run them (DESIGN.md §4); the themes list is the
# administrators' (a reference list), read by commissioners to tag key messages.
_CONSULTATIONS = [
    "consultations.view_theme",
    "consultations.view_consultationevent",
    "consultations.add_consultationevent",
    "consultations.change_consultationevent",
    "consultations.view_eventoccurrence",
    "consultations.view_keymessage",
    "consultations.add_keymessage",
    "consultations.change_keymessage",
    "consultations.delete_keymessage",
    "consultations.view_consultationdocument",
    "consultations.add_consultationdocument",
    "consultations.delete_consultationdocument",
    "consultations.view_consultationaction",
    "consultations.add_consultationaction",
    "consultations.change_consultationaction",
    "consultations.view_forum",
    "consultations.add_forum",
    "consultations.change_forum",
    "consultations.view_forummeeting",
    "consultations.add_forummeeting",
    "consultations.change_forummeeting",
    "consultations.view_strategy",
    "consultations.add_strategy",
    "consultations.change_strategy",
    "consultations.view_strategyaim",
    "consultations.add_strategyaim",
    "consultations.change_strategyaim",
    "consultations.view_deliverable",
    "consultations.add_deliverable",
    "consultations.change_deliverable",
    "consultations.view_workstream",
    "consultations.add_workstream",
    "consultations.change_workstream",
    "consultations.view_milestone",
    "consultations.add_milestone",
    "consultations.change_milestone",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CSC_OFFICER: [*_PLACES, *_CARER_RECORDS, *_NOTIFICATIONS, *_PROVIDERS_READ],
    Role.COMMISSIONER: [
        *_PLACES,
        *_SERVICE_LISTS,
        # Providers and voluntary organisations they commission (councils are the deployment
        # administrator's: accounts.querysets.OrganisationQuerySet.visible_to).
        "accounts.add_organisation",
        "accounts.change_organisation",
        "carers.view_carer_statistics",
        "carers.view_kpiindicator",
        "carers.add_kpiindicator",
        "carers.change_kpiindicator",
        "carers.delete_kpiindicator",
        "carers.view_kpitarget",
        "carers.add_kpitarget",
        "carers.change_kpitarget",
        "carers.delete_kpitarget",
        "carers.view_areaestimate",
        "carers.add_areaestimate",
        "carers.change_areaestimate",
        "carers.delete_areaestimate",
        "carers.view_directoryentry",
        *_BUDGET_READ,
        *_BROKERAGE_READ_FRAMEWORKS,
        *_NOTIFICATIONS,
        "reminders.view_reminderrule",
        "reminders.change_reminderrule",
        *_CONTRACTS_KEEP,
        *_PROCUREMENTS,
        *_PLANS,
        *_CONSULTATIONS,
    ],
    Role.FINANCE_OFFICER: [
        *_PLACES,
        *_SERVICE_LISTS,
        "carers.view_carer_statistics",
        *_NOTIFICATIONS,
        "commissioning.view_contract",
        "commissioning.view_contractamendment",
        *_BUDGET_EDIT,
        "brokerage.view_package_totals",
    ],
    Role.BROKERAGE_OFFICER: [
        *_PLACES,
        *_SERVICE_LISTS,
        "carers.view_carer",
        "carers.view_caredforperson",
        *_BROKERAGE_WORK,
        *_NOTIFICATIONS,
        *_PROVIDERS_READ,
    ],
    # A council's administrator: their own council's users, areas and reference lists, and its
    # carers' records (erasure decisions included); not the KPIs, which are the commissioners'.
    Role.ADMINISTRATOR: [
        *_PLACES,
        "accounts.add_area",
        "accounts.change_area",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "auth.view_group",
        "authtoken.view_token",
        "authtoken.delete_token",
        *_CARER_RECORDS,
        "carers.erase_carer",
        "carers.add_contactreason",
        "carers.change_contactreason",
        "carers.add_conditioncategory",
        "carers.change_conditioncategory",
        "carers.add_firstnameform",
        "carers.change_firstnameform",
        *_SERVICE_LISTS,
        "commissioning.add_serviceline",
        "commissioning.change_serviceline",
        "commissioning.add_deliverymethod",
        "commissioning.change_deliverymethod",
        "budgets.add_fundingstream",
        "budgets.change_fundingstream",
        *_THRESHOLDS_EDIT,
        *_PLAN_TEMPLATES,
        "brokerage.view_rasband",
        "brokerage.add_rasband",
        "brokerage.change_rasband",
        "consultations.view_theme",
        "consultations.add_theme",
        "consultations.change_theme",
        *_NOTIFICATIONS,
        "reminders.view_reminderrule",
        "reminders.change_reminderrule",
    ],
    # The whole deployment's administrator: councils and other organisations, and every council's
    # users (a new council's first administrator); no council's carers.
    Role.DEPLOYMENT_ADMINISTRATOR: [
        *_PLACES,
        "accounts.add_organisation",
        "accounts.change_organisation",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "auth.view_group",
        "authtoken.view_token",
        "authtoken.delete_token",
        *_NOTIFICATIONS,
    ],
}

# Models that no role holds a permission on, each with the reason. History tables
# (django-simple-history) are everyone's who may see the record and nobody's to edit; they are
# recognised by their model (see nobodys_model) rather than listed one by one.
NOBODYS_MODELS: dict[str, str] = {
    "admin.logentry": "Django admin's own record of its changes",
    "auth.permission": "created by migrations",
    "contenttypes.contenttype": "created by migrations",
    "sessions.session": "written by sign-in",
    "authtoken.tokenproxy": "Django admin's view of tokens (administrators use authtoken.token)",
    "axes.accessattempt": "django-axes' sign-in failures, written by sign-in",
    "axes.accessattemptexpiration": "django-axes' lockout expiry, written by sign-in",
    "axes.accessfailurelog": "django-axes' sign-in failures, written by sign-in",
    "axes.accesslog": "django-axes' sign-in log, written by sign-in",
    "otp_static.staticdevice": "two-factor devices: each user sets up their own",
    "otp_static.statictoken": "two-factor devices: each user sets up their own",
    "otp_totp.totpdevice": "two-factor devices: each user sets up their own",
    "carers.carersearchentry": "the search copy of carers' names, kept by database triggers",
    "jobs.outboxtask": "the task outbox, written and flushed by the product",
    "consultations.calendarfeedtoken": "a user's own calendar feed address: each user makes and stops their own",
}


def nobodys_model(model) -> bool:
    """Whether no role should hold a permission on `model`: a history table or a NOBODYS_MODELS line."""
    from simple_history.models import HistoricalChanges

    return issubclass(model, HistoricalChanges) or model._meta.label_lower in NOBODYS_MODELS


def permissions_for(role: str, available: list[tuple[int, str, str]]) -> set[int]:
    """The ids of the permissions (id, app_label, codename) that `role` holds by the table.
    A permission named here that does not exist yet (its app not migrated) is skipped."""
    wanted = set(ROLE_PERMISSIONS[role])
    return {pk for pk, app, code in available if f"{app}.{code}" in wanted}


def role_groups_sync(apps=None) -> None:
    """Create the role groups and set each one's permissions to exactly what the table says."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    available = list(Permission.objects.values_list("id", "content_type__app_label", "codename"))
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(permissions_for(role, available))


def sync_roles_migration(apps, schema_editor) -> None:
    """RunPython target: create any missing permissions first (Django makes them only after
    `migrate` finishes), then sync the role groups."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    role_groups_sync(apps)


def role_permission_table() -> list[tuple[str, list[str]]]:
    """(permission, [the roles' marks]) for every permission some role holds, sorted by name: the
    table `manage.py role_permissions` prints."""
    roles = list(Role)
    names = sorted({name for role in roles for name in ROLE_PERMISSIONS[role]})
    return [(name, ["x" if name in ROLE_PERMISSIONS[role] else "" for role in roles]) for name in names]
