"""The carer search (issue 10): one set of cases, run on PostgreSQL and on SQLite alike, for what a
CSC officer types; bad input; and (PostgreSQL) the plans that prove each kind of query reads its
index."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import Role
from carers import matching, selectors
from carers.models import Carer, FirstNameForm
from tests.carers.factories import CarerFactory


@pytest.fixture
def csc(personas):
    return personas[Role.CSC_OFFICER]


def _ago(days: int):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def register(csc):
    """A council's register with the names of the issue, some sharing a surname."""
    org = csc.organisation
    made = {}

    def add(key, first, last, days=None, **extra):
        carer = CarerFactory(first_name=first, last_name=last, organisation=org, **extra)
        if days is not None:
            Carer.objects.filter(pk=carer.pk).update(last_contact_at=_ago(days))
        made[key] = carer
        return carer

    add("thompson_recent", "Mary", "Thompson", days=6)  # "it's Mrs Thompson, I rang last week"
    add("thompson_old", "Margaret", "Thompson", days=400)
    add("thomson", "Alan", "Thomson", days=30)
    add("robinson", "Peter", "Robinson", days=100)
    add("johnson", "Grace", "Johnson")
    add("evans", "Rhys", "Evans")
    add("smith", "John", "Smith", days=50, date_of_birth=datetime.date(1958, 3, 12), postcode="OX4 1AB")
    add("smith2", "Jane", "Smith", days=200, postcode="OX15 4AA", phone="01865 123456")
    add("smyth", "Kenneth", "Smyth", days=5)
    add("phillips", "Ann", "Phillips")
    add("macdonald", "Iain", "MacDonald")
    add("reid", "Ruth", "Reid")
    add("william", "William", "Baker")
    add("peggy", "Margaret", "Cooper")
    add("james", "James", "Fletcher")
    add("susan", "Susan", "Holt")
    add("hyphen", "Olivia", "Smith-Jones")
    add("oneill", "Sean", "O'Neill")
    add("zoe", "Zoë", "Turner")
    add("other", "Peter", "Jones")
    return made


def _ids(user, text):
    return [carer.pk for carer in selectors.carer_search(user=user, text=text)]


def _top(user, text, n=10):
    return _ids(user, text)[:n]


# Item 1: a surname alone, correct or misspelt.
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Thompson", "thompson_recent"),
        ("Tohmpson", "thompson_recent"),  # transposed pair
        ("Robnison", "robinson"),
        ("Jonhson", "johnson"),
        ("Evnas", "evans"),
        ("Thompon", "thompson_recent"),  # dropped letter
        ("Robbinson", "robinson"),  # doubled letter
        ("Robinsoon", "robinson"),  # added letter
        ("Rovinson", "robinson"),  # wrong letter
        ("Smyth", "smyth"),  # phonetic spellings, both ways
        ("Thomson", "thomson"),
        ("Philips", "phillips"),
        ("McDonald", "macdonald"),
        ("Read", "reid"),
        ("Reed", "reid"),
    ],
)
def test_surname_alone_finds_the_carer(csc, register, text, key):
    assert register[key].pk in _top(csc, text)


def test_phonetic_spelling_finds_the_other_spelling(csc, register):
    found = _ids(csc, "Smyth")
    assert found[0] == register["smyth"].pk  # the exact spelling first
    assert register["smith"].pk in found and register["smith2"].pk in found


# Item 2: first name and surname, in either order, comma, misspelt, initial, title.
@pytest.mark.parametrize(
    "text",
    ["John Smith", "Smith John", "Smith, John", "Jon Smyth", "Jhon Smiht", "J Smith", "Mr J Smith", "Dr John Smith"],
)
def test_first_name_and_surname_any_way(csc, register, text):
    assert _ids(csc, text)[0] == register["smith"].pk


def test_title_alone_finds_nobody(csc, register):
    assert _ids(csc, "Mrs") == []


# Item 3: familiar forms of first names, from the reference list an administrator extends.
@pytest.mark.parametrize(
    ("text", "key"),
    [("Bill Baker", "william"), ("Peggy Cooper", "peggy"), ("Jim Fletcher", "james"), ("Sue Holt", "susan")],
)
def test_familiar_first_name_finds_the_formal_one(csc, register, text, key):
    assert _ids(csc, text)[0] == register[key].pk


def test_an_administrator_added_form_is_used(csc, register):
    carer = CarerFactory(first_name="Bartholomew", last_name="Quill", organisation=csc.organisation)
    (before,) = selectors.carer_search(user=csc, text="Barty Quill")  # by the surname alone
    assert "familiar" not in before.match_reason
    FirstNameForm.objects.create(familiar="barty", formal="bartholomew")
    (after,) = selectors.carer_search(user=csc, text="Barty Quill")
    assert after == carer and after.match_reason == "surname, first name familiar form"


# Item 4: either part of a double-barrelled surname; apostrophes and accents ignored.
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Olivia Jones", "hyphen"),
        ("Olivia Smith", "hyphen"),
        ("Smith-Jones", "hyphen"),
        ("O'Neill", "oneill"),
        ("ONeill", "oneill"),
        ("O Neill", "oneill"),
        ("Zoe Turner", "zoe"),
        ("Zoë Turner", "zoe"),
    ],
)
def test_hyphens_apostrophes_and_accents(csc, register, text, key):
    assert register[key].pk in _top(csc, text, 3)


# Item 5: with a postcode, phone or date of birth, which narrow and re-rank.
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Smiht OX4 1AB", "smith"),
        ("Smiht OX15", "smith2"),
        ("Smyth 01865 123456", "smith2"),
        ("Jon Smiht 12/03/1958", "smith"),
    ],
)
def test_name_with_postcode_phone_or_birth_date(csc, register, text, key):
    found = _ids(csc, text)
    assert found[0] == register[key].pk
    assert register["thompson_recent"].pk not in found  # narrowed


def test_postcode_narrowing_keeps_a_surname_that_shares_no_key(csc, register):
    # "Qwerty" shares no key with Reid, but the postcode is narrow enough to rank by it alone.
    reid = register["reid"]
    Carer.objects.filter(pk=reid.pk).update(search_postcode="YO1 7HH")
    assert _ids(csc, "Qwerty YO1 7HH") == [reid.pk]


# Item 6: ranking and why a row matched.
def test_exact_surname_ranks_above_misspelt(csc, register):
    found = _ids(csc, "Thompson")
    assert found.index(register["thompson_recent"].pk) < found.index(register["thomson"].pk)
    assert found.index(register["thompson_old"].pk) < found.index(register["thomson"].pk)


def test_recent_contact_breaks_ties(csc, register):
    found = _ids(csc, "Thompson")
    assert found[:2] == [register["thompson_recent"].pk, register["thompson_old"].pk]


def test_each_result_says_why_it_matched(csc, register):
    results = selectors.carer_search(user=csc, text="Smiht OX4")
    assert results[0].match_reason == "surname sounds like, postcode", [r.match_reason for r in results]
    (first, *_) = selectors.carer_search(user=csc, text="Bill Baker")
    assert first.match_reason == "surname, first name familiar form"


def test_the_ranking_rule_itself():
    """rank_carers is the one ranking rule: the same rows give the same order on any database."""
    query = matching.name_query("smith")
    rows = [
        (1, "Kenneth", "Smyth", _ago(1)),
        (2, "Jane", "Smith", _ago(200)),
        (3, "John", "Smith", _ago(50)),
        (4, "Ann", "Smithson", _ago(2)),
        (5, "Peter", "Jones", _ago(1)),
    ]
    assert [m.carer_id for m in matching.rank_carers(query, rows)] == [3, 2, 1, 4]


# Bad input: a clear message or an empty result, never a 500.
BAD = ["", "   ", "!!!", "%", "%%%", "<->", "a <-> b", "\x00", "smith\x00", "😀", "😀😀😀", "x" * 1000, "'; DROP TABLE"]


@pytest.mark.parametrize("text", BAD)
def test_bad_input_through_the_api(api_for, register, text):
    api = api_for(Role.CSC_OFFICER)
    response = api.get("/api/carers/", {"q": text})
    assert response.status_code in (200, 400)
    if response.status_code == 200 and text.strip() and not any(ch.isalnum() for ch in text):
        assert response.json()["results"] == []


@pytest.mark.parametrize("text", BAD)
def test_bad_input_on_the_search_page(client_for, register, text):
    response = client_for(Role.CSC_OFFICER).get("/carers/search/", {"q": text})
    assert response.status_code == 200


def test_punctuation_only_gets_a_clear_message(client_for, register):
    response = client_for(Role.CSC_OFFICER).get("/carers/search/", {"q": "%%"})
    assert "Type a name, a postcode, a phone number or a date of birth" in response.text


def test_a_thousand_characters_are_searched_as_four_words(csc, register):
    text = "Tohmpson " + "x" * 1000
    assert register["thompson_recent"].pk in _ids(csc, text)


# --- PostgreSQL: every kind of query reads its index ---------------------------------------------
def _more_carers(org_id: int, n: int = 30000) -> None:
    """`n` more carers written by SQL (the triggers write their entries), so that the planner
    weighs each index against reading the whole table, as on a real register."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO carers_carer (first_name, last_name, date_of_birth, phone, email, address, postcode,
                gp_practice, employment, is_parent_carer, is_kinship_carer, hours_band, identification_source,
                identified_on, consent_to_share, sex, ethnicity, disability, religion, sexual_orientation,
                organisation_id, status, search_name, search_phone, search_postcode, search_keys, created_at,
                updated_at)
            SELECT 'F', 'S', '1970-01-01', '', '', '', '', '', '', false, false, '0_19', 'other', '2020-01-01',
                false, '', '', '', '', '', %s, 'active', 'n' || substr(md5(i::text), 1, 6), '07' || i, 'ZZ9 9ZZ',
                ' ' || substr(md5(i::text), 1, 6) || ' ~' || substr(md5(i::text), 2, 3) || ' ', now(), now()
            FROM generate_series(1, %s) AS i
            """,
            [org_id, n],
        )
        cursor.execute("ANALYZE carers_carer")
        cursor.execute("ANALYZE carers_carersearchentry")


def _plans(user, text) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        selectors.carer_search(user=user, text=text)
    plans = []
    for query in queries.captured_queries:
        if "carers_carer" not in query["sql"]:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("Tohmpson", "search_keys_idx"),  # surname alone: the partition's GIN keys index
        ("Jon Smiht", "search_keys_idx"),  # first name and surname
        ("Bill Baker", "search_keys_idx"),  # a familiar form
        ("O Neill", "search_keys_idx"),  # joined particles
        ("Smiht OX4 1AB", "carer_postcode_idx"),  # with a postcode: the narrowest index may lead
        ("Smiht 01865 123456", "carer_phone_idx"),
        ("Jon Smiht 12/03/1958", "carer_dob_idx"),
    ],
)
def test_each_kind_of_query_reads_its_index(csc, register, text, index):
    _more_carers(csc.organisation_id)
    plans = _plans(csc, text)
    assert plans, "the search ran no query on the carers"
    candidate = plans[0]
    assert index in candidate, candidate
    assert "Seq Scan on carers_carer " not in candidate, candidate
    assert "Seq Scan on carers_carersearchentry" not in candidate, candidate
    # One partition's entries only: the one holding the officer's organisation.
    assert len(set(re.findall(r"on (carers_carersearchentry_\d+) ", candidate))) <= 1, candidate


@pytest.mark.postgres
@pytest.mark.parametrize("text", BAD)
def test_bad_input_never_scans_the_table(csc, register, text):
    _more_carers(csc.organisation_id, 5000)
    for plan in _plans(csc, text):
        assert "Seq Scan on carers_carer " not in plan, plan
