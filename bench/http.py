"""The load client: signed-in sessions, timed requests, fixed-size runs at a given concurrency,
and the simulated users of the load test.

Signing in goes through `requests` (cookies, redirects, forms). Timed requests go through the
standard library's http.client, one connection per thread, reopened when the server closes it:
`requests` spends about a millisecond of the client's own time on every request, which would be
counted against the product while the floor beside it is timed through psycopg."""

import http.client
import json as jsonlib
import random
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import requests
from django_otp.oath import totp

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT = 300


@dataclass
class Persona:
    """A signed-in user: the cookies to send. Production cookies are Secure and the bench talks
    plain HTTP on loopback, so the cookies are kept here and sent by hand rather than by a jar
    that would (rightly) withhold them."""

    username: str
    cookies: dict[str, str] = field(default_factory=dict)

    def headers(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def remember(self, response: requests.Response) -> None:
        for history in [*response.history, response]:
            self.cookies.update(history.cookies.get_dict())


def sign_in(base: str, username: str, password: str, totp_key: str) -> Persona:
    """Sign in through the login page, and the two-factor page when the role needs it."""
    persona = Persona(username)
    with requests.Session() as session:
        page = session.get(f"{base}/accounts/login/", timeout=TIMEOUT)
        persona.remember(page)
        response = session.post(
            f"{base}/accounts/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": _csrf(page)},
            headers=persona.headers(),
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        persona.remember(response)
        if response.status_code != 302:
            raise RuntimeError(f"Could not sign in as {username}: HTTP {response.status_code}")
        home = session.get(f"{base}/", headers=persona.headers(), allow_redirects=False, timeout=TIMEOUT)
        persona.remember(home)
        if home.status_code == 302 and "/two-factor/" in home.headers["Location"]:
            verify_url = f"{base}/accounts/two-factor/verify/"
            page = session.get(verify_url, headers=persona.headers(), timeout=TIMEOUT)
            persona.remember(page)
            code = f"{totp(bytes.fromhex(totp_key), step=30, t0=0, digits=6):06d}"
            response = session.post(
                verify_url,
                data={"token": code, "csrfmiddlewaretoken": _csrf(page)},
                headers=persona.headers(),
                allow_redirects=False,
                timeout=TIMEOUT,
            )
            persona.remember(response)
            if response.status_code != 302:
                raise RuntimeError(f"Two-factor sign-in refused for {username}: HTTP {response.status_code}")
    return persona


def _csrf(page: requests.Response) -> str:
    match = CSRF_INPUT.search(page.text)
    if not match:
        raise RuntimeError(f"No CSRF token on {page.url}")
    return match.group(1)


@dataclass
class Sample:
    path: str
    status: int
    seconds: float
    size: int
    queries: int | None
    ok: bool


_local = threading.local()


def _connection(base: str) -> http.client.HTTPConnection:
    connections = _local.__dict__.setdefault("connections", {})
    if base not in connections:
        parts = urlsplit(base)
        connections[base] = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    return connections[base]


def close_session() -> None:
    """Close this thread's connections (a test server waits on an open one)."""
    for connection in _local.__dict__.pop("connections", {}).values():
        connection.close()


def _exchange(base: str, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, bytes, str | None]:
    """Send one request and read the whole answer; once more on a fresh connection if the server
    had closed the kept one (gunicorn's sync workers close every connection)."""
    connection = _connection(base)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
    except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
        connection.close()  # the next request opens a fresh connection
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
    content = response.read()
    if response.will_close:
        connection.close()
    return response.status, content, response.getheader("X-Query-Count")


def fetch(
    base: str,
    persona: Persona,
    path: str,
    check: Callable[[int, bytes], bool] | None = None,
    *,
    method: str = "GET",
    body: dict | None = None,
    json: bool = False,
) -> Sample:
    """One request, read to the last byte, timed. A POST carries the CSRF token as Django and
    DRF expect from a signed-in browser, as a form or (json=True) a JSON body; it succeeds with
    200, 201, 204 or a redirect (after a form)."""
    headers = persona.headers()
    payload = None
    if method != "GET":
        headers["X-CSRFToken"] = persona.cookies.get("csrftoken", "")
        if json:
            payload, headers["Content-Type"] = jsonlib.dumps(body).encode(), "application/json"
        else:
            payload = urlencode(body or {}, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    try:
        status, content, queries = _exchange(base, method, path, payload, headers)
    except (OSError, http.client.HTTPException):
        close_session()
        return Sample(path, 0, time.perf_counter() - started, 0, None, False)
    seconds = time.perf_counter() - started
    good = {200} if method == "GET" else {200, 201, 204, 302, 303}
    ok = status in good and (check is None or check(status, content))
    return Sample(path, status, seconds, len(content), int(queries) if queries else None, ok)


def run_fixed(call: Callable[[int], Sample], *, concurrency: int, count: int, cap_s: float) -> list[Sample]:
    """`count` calls, call(0) … call(count - 1), from `concurrency` threads; no new call starts
    after `cap_s` seconds (but each thread makes at least one). Returns the samples."""
    samples: list[Sample] = []
    lock = threading.Lock()
    issued = 0
    deadline = time.perf_counter() + cap_s

    def worker() -> None:
        nonlocal issued
        first = True
        while True:
            with lock:
                if issued >= count or (not first and time.perf_counter() > deadline):
                    return
                index = issued
                issued += 1
            first = False
            sample = call(index)
            with lock:
                samples.append(sample)

    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    return samples


@dataclass
class LoadUser:
    persona: Persona
    pages: list[tuple[str, str]]  # (page name, path)


def run_load(
    base: str, users: list[LoadUser], *, seconds: float, think_s: float, seed: int
) -> list[tuple[str, Sample]]:
    """Each user requests its pages in a seeded random order, thinking `think_s` ± 50% between
    requests, until `seconds` have passed. Returns (page name, sample) for every request."""
    results: list[tuple[str, Sample]] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def simulate(number: int, user: LoadUser) -> None:
        rng = random.Random(seed + number)
        # Users arrive over the first few seconds rather than all in the same millisecond.
        time.sleep(rng.uniform(0, min(think_s * 2, seconds / 4)))
        while time.perf_counter() < deadline:
            name, path = rng.choice(user.pages)
            sample = fetch(base, user.persona, path)
            with lock:
                results.append((name, sample))
            time.sleep(rng.uniform(think_s / 2, think_s * 1.5))

    with ThreadPoolExecutor(len(users)) as pool:
        for future in [pool.submit(simulate, number, user) for number, user in enumerate(users)]:
            future.result()
    return results
