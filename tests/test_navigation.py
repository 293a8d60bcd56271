"""Every page a role may use is reachable by links from its home page: a crawl per role follows
the links of each page it reaches (menus, sub-navigation, tiles, "Add" buttons, table rows) and
must arrive at every page the access matrix (tests/access.py) gives that role. A page no menu
or link reaches cannot be found by the people it is for, however well it works."""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from accounts.choices import Role
from carers.imports.choices import ImportStatus
from tests.access import ACCESS, DOWNLOADS, PARAMETERISED_ELSEWHERE, POST_ONLY, sample_factories
from tests.carers.feature_factories import CarerImportFactory
from tests.test_access_matrix import named_urls

pytestmark = pytest.mark.django_db

# Links, and forms that GET a page (the header's carer search box).
HREF = re.compile(
    r'href="(/[^"#]*)"|<form[^>]*method="get"[^>]*action="(/[^"#]*)"|<form[^>]*action="(/[^"#]*)"[^>]*method="get"'
)
# A button that POSTs to a page's URL (the import's "Import these carers") reaches it too.
POST_FORM = re.compile(r'<form[^>]*method="post"[^>]*action="(/[^"#]*)"')
# Not a page one navigates to: the sign-in asks for the code when the role needs it.
SIGN_IN_STEPS = {"accounts:two_factor_verify"}
# Fragments a page fetches with htmx (an import's progress bar), not pages one navigates to.
PARTIALS = {"carers:import_progress"}
# Record pages: open this many of each (the sample rows are not all on the first carer's page).
PER_NAME = 40
# Not pages of the product's own navigation: Django's admin site, the API (its docs are linked
# from every page's footer and have their own tests), static files.
SKIP_PREFIXES = ("/django-admin/", "/api/", "/static/")


def _name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def crawl(client) -> set[str]:
    """The URL names reached from "/" by following links (each name's first URL is opened)."""
    opened: dict[str, set[str]] = {}
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        path = urlsplit(url).path
        name = _name(path)
        if name is None or name in POST_ONLY or name in DOWNLOADS:
            continue
        paths = opened.setdefault(name, set())
        if path in paths or len(paths) >= PER_NAME:
            continue
        paths.add(path)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        for action in POST_FORM.findall(body):
            posted = _name(urlsplit(action).path)
            if posted is not None:
                opened.setdefault(posted, set())
        for groups in HREF.findall(body):
            href = next(group for group in groups if group).replace("&amp;", "&")
            if not href.startswith(SKIP_PREFIXES):
                queue.append(href)
    return set(opened)


def pages_for(role) -> set[str]:
    """The pages (not API endpoints or downloads) that the matrix lets `role` open."""
    return {
        name
        for name in named_urls()
        if not name.startswith("api:")
        and name not in DOWNLOADS
        and name not in POST_ONLY
        and name not in PARTIALS
        and name not in PARAMETERISED_ELSEWHERE
        and name not in SIGN_IN_STEPS
        and role in ACCESS.get(name, ())
    }


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name)
def test_every_page_of_the_role_is_reachable_from_its_home_page(client_for, role):
    for factory in sample_factories().values():  # a row of each kind, so record pages have links
        factory()
    CarerImportFactory(status=ImportStatus.READY)  # one checked import, whose page offers "Import"
    reached = crawl(client_for(role))
    unreachable = sorted(pages_for(role) - reached)
    assert unreachable == [], f"{role.label}: no link from the home page leads to {unreachable}"
