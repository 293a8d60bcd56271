"""Real-browser journeys: Playwright driving Debian's Chromium against the live server.

How to write a journey (each domain issue adds its own, one per role):

    pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

    def test_csc_officer_logs_a_contact(page, live_url, login, demo_users, check_a11y):
        login(page, demo_users["csc"])             # through the real sign-in form
        page.get_by_role("link", name="Carers").click()
        check_a11y(page)                           # after every page the journey lands on
        ...

Fixtures:

- `browser` (session): one headless Chromium (`/usr/bin/chromium`, never a downloaded one),
  launched with the flags that keep it quiet and offline; Playwright gives it a fresh,
  temporary user-data directory that it deletes on close.
- `page`: a new browser context (no cookies shared between tests) and page, against
  `live_url` (pytest-django's `live_server` on the test database). Console messages are kept;
  at the end of the test any Content-Security-Policy violation reported on the console, or
  to the page as a `securitypolicyviolation` event, fails the test, and any page the journey
  loaded but did not pass to `check_a11y` fails it too.
  When a test fails, a full-page screenshot is saved as `test-results/<test name>.png`.
- `login(page, user, password=DEMO_PASSWORD)`: signs in through the sign-in form with the
  keyboard, checks the sign-in page's accessibility on the way, and waits for the home page.
- `check_a11y(page)`: injects axe-core from `node_modules/axe-core/axe.min.js` and fails on any
  serious or critical WCAG 2.2 AA violation (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa),
  listing rule, impact, help text and the offending elements.
- `demo_users`: the demo organisations, areas and one user per role (`load_demo`), keyed by
  username: commissioner, csc, finance, broker, admin; they sign in with DEMO_PASSWORD.
- `csp_errors(page)`: the CSP violations the console reported so far (the `page` fixture
  checks this at the end; call it mid-journey to assert earlier).

Playwright's sync API runs an event loop in the test thread, so Django's "async unsafe" guard
must be lifted for the test thread's own database calls (the live server runs in another
thread and is unaffected).
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RESULTS_DIR = Path(settings.BASE_DIR) / "test-results"
TIMEOUT_MS = 15_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-packages` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def page(browser, live_url, request):
    context = browser.new_context(base_url=live_url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.console_log = []  # (type, text) of every console message
    page.visited = []  # every URL the main frame loaded
    page.checked = set()  # the URLs check_a11y has passed
    page.on("console", lambda message: page.console_log.append((message.type, message.text)))
    # Every violation the browser reports to the page (a `securitypolicyviolation` event), not only
    # those it happens to print on the console: a script run through the DevTools protocol before
    # any of the page's own listens on each page and reports to the test.
    page.csp_reports = []
    context.expose_binding("__reportCspViolation", lambda source, text: page.csp_reports.append(text))
    context.add_init_script(CSP_LISTENER)
    page.on("framenavigated", lambda frame: frame == page.main_frame and page.visited.append(frame.url))
    yield page
    failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
    if failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)
    violations = csp_errors(page)
    unchecked = sorted({_strip(url) for url in page.visited} - page.checked - {"about:blank"})
    context.close()
    if not failed:
        assert violations == [], f"Content-Security-Policy violations on the console: {violations}"
        assert unchecked == [], f"Pages the journey visited without check_a11y(page): {unchecked}"


def _strip(url: str) -> str:
    return url.split("#", 1)[0]


CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
  const blocked = event.blockedURI || 'inline';
  window.__reportCspViolation(`${event.violatedDirective} refused ${blocked} on ${event.documentURI}`);
});
"""


def csp_errors(page) -> list[str]:
    console = [
        text for kind, text in page.console_log if "Content Security Policy" in text or "Content-Security" in text
    ]
    return console + list(getattr(page, "csp_reports", []))


@pytest.fixture
def check_a11y():
    source = AXE_JS.read_text()

    def check(page) -> None:
        page.wait_for_load_state("load")
        # Evaluated through the DevTools protocol rather than a <script> tag, so the page's
        # Content-Security-Policy (no inline scripts) stays in force for everything else.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        results = page.evaluate(
            "async (tags) => await axe.run(document,"
            " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            lines = [f"Accessibility violations on {page.url}:"]
            for violation in serious:
                lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} {violation['helpUrl']}")
                lines.extend(f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"][:5])
            pytest.fail("\n".join(lines))
        page.checked.add(_strip(page.url))

    return check


@pytest.fixture
def demo_users(transactional_db) -> dict:
    """The demo organisations, areas and users (the accounts part of `load_demo`: the domain
    apps' demo rows take seconds and each journey makes the rows it needs), keyed by username;
    transactional tests start empty."""
    from accounts import demo
    from accounts.models import User

    demo.load()
    return {
        user.username: user
        for user in User.objects.filter(username__in=["commissioner", "csc", "finance", "broker", "admin"])
    }


@pytest.fixture
def login(check_a11y):
    def sign_in(page, user, password: str | None = None) -> None:
        page.goto("/accounts/login/")
        check_a11y(page)
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password or settings.DEMO_PASSWORD)
        page.get_by_label("Password").press("Enter")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        check_a11y(page)

    return sign_in
