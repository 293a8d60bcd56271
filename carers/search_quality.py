"""The carer search's quality set (issue 10): queries made from real rows by each kind of error a
CSC officer makes, each with the carer it should find, and recall in the top 10.

Used by the bench (through the API, at scale) and by `manage.py search_quality` (in process, on
whatever database the product runs, e.g. the embedded default with its demo data).

The carer a query "should find" is the one the ranking's tie rule says a caller most likely is:
among the carers with that name (or surname, or name and postcode...), the one contacted most
recently ("I rang last week"). A made-up misspelling that lies closer to another name in the data
than to the right one (Smiht is Smith's; Smyth is itself a surname) has no right answer and is not
used.
"""

import random
from collections import defaultdict
from dataclasses import dataclass

from carers import matching

TOP = 10
PER_KIND = 45
TITLES = ["Mr", "Mrs", "Ms", "Miss", "Dr"]
# Spelling changes that keep the sound: applied to a surname, kept only if the sound key holds.
_PHONETIC = [
    ("ph", "f"),
    ("f", "ph"),
    ("th", "t"),
    ("ck", "k"),
    ("c", "k"),
    ("k", "c"),
    ("ee", "ea"),
    ("ea", "ee"),
    ("y", "i"),
    ("i", "y"),
    ("ie", "y"),
    ("ll", "l"),
    ("l", "ll"),
    ("s", "z"),
    ("mac", "mc"),
    ("mc", "mac"),
    ("ei", "ie"),
    ("son", "sen"),
    ("ou", "ow"),
    ("tt", "t"),
    ("nn", "n"),
    ("rr", "r"),
    ("e", "a"),
]
KINDS = [
    "surname transposed",
    "surname letter dropped",
    "surname letter added or doubled",
    "surname wrong letter",
    "surname spelt as it sounds",
    "first name and surname, any order, misspelt",
    "initial and title",
    "familiar first name",
    "double-barrelled by one part",
    "apostrophe written or not",
    "accent left out",
    "surname with postcode",
    "surname with outward code",
    "surname with phone",
    "name with date of birth",
]


@dataclass(frozen=True)
class Row:
    id: int
    first_name: str
    last_name: str
    date_of_birth: object
    phone: str
    postcode: str
    last_contact_at: object


@dataclass(frozen=True)
class Case:
    kind: str
    query: str
    expected: int


def _key(word_list) -> str:
    return " ".join(word_list)


def _norm(text: str) -> str:
    return _key(matching.words(text))


def _recency(row: Row):
    # The order rank_carers breaks ties in: the latest contact, then surname and id.
    return (-(row.last_contact_at.timestamp() if row.last_contact_at else float("-inf")), row.last_name, row.id)


def _transpose(rng, w):
    spots = [i for i in range(1, len(w) - 1) if w[i] != w[i + 1]]
    if not spots:
        return None
    i = rng.choice(spots)
    return w[:i] + w[i + 1] + w[i] + w[i + 2 :]


def _drop(rng, w):
    if len(w) < 5:
        return None
    i = rng.randrange(1, len(w))
    return w[:i] + w[i + 1 :]


def _add(rng, w):
    i = rng.randrange(1, len(w))
    letter = w[i] if rng.random() < 0.5 else rng.choice("aeiourstnl")
    return w[:i] + letter + w[i:]


def _wrong(rng, w):
    if len(w) < 5:
        return None
    i = rng.randrange(1, len(w))
    letter = rng.choice([ch for ch in "abcdefghijklmnoprstuvwy" if ch != w[i]])
    return w[:i] + letter + w[i + 1 :]


def _phonetic(rng, w):
    rules = list(_PHONETIC)
    rng.shuffle(rules)
    for old, new in rules:
        if old in w:
            changed = w.replace(old, new, 1)
            if changed != w and matching.sound(changed) == matching.sound(w):
                return changed
    return None


ERRORS = {
    "surname transposed": _transpose,
    "surname letter dropped": _drop,
    "surname letter added or doubled": _add,
    "surname wrong letter": _wrong,
    "surname spelt as it sounds": _phonetic,
}


def _unique_best(typed: str, right: str, vocabulary) -> bool:
    """The misspelling is nearer the right word than any other word of the data (and not another
    word itself)."""
    if typed in vocabulary and typed != right:
        return False
    weight = matching._word_weight(typed, right, frozenset())[0]
    if not weight:
        return False
    return all(matching._word_weight(typed, other, frozenset())[0] < weight for other in vocabulary if other != right)


def build(rows: list[Row], forms: dict[str, set[str]], *, seed: int = 20261203, per_kind: int = PER_KIND) -> list[Case]:
    """Cases made from `rows` (one council's carers), per_kind of each kind where the data allows."""
    rng = random.Random(seed)  # nosec B311 - a repeatable sample, nothing secret
    by_surname: dict[str, Row] = {}
    by_pair: dict[tuple[str, str], Row] = {}
    by_initial: dict[tuple[str, str], Row] = {}
    by_postcode: dict[tuple[str, str], Row] = {}
    by_outward: dict[tuple[str, str], Row] = {}
    by_birth: dict[tuple, Row] = {}
    for row in sorted(rows, key=_recency):
        last, first = _norm(row.last_name), _norm(row.first_name)
        if not last or not first:
            continue
        by_surname.setdefault(last, row)
        by_pair.setdefault((first, last), row)
        by_initial.setdefault((first[0], last), row)
        by_birth.setdefault((row.date_of_birth, first, last), row)
        if row.postcode:
            by_postcode.setdefault((last, row.postcode), row)
            by_outward.setdefault((last, row.postcode.split()[0]), row)
    last_words = {w for key in by_surname for w in key.split()}
    first_words = {first for first, _ in by_pair}
    vocabulary = last_words | first_words
    cases: list[Case] = []

    def single_surnames():
        keys = [k for k in by_surname if " " not in k and len(k) >= 4]
        rng.shuffle(keys)
        return keys

    for kind, error in ERRORS.items():
        made = 0
        for surname in single_surnames():
            typed = error(rng, surname)
            if typed and typed != surname and _unique_best(typed, surname, vocabulary):
                cases.append(Case(kind, typed.title(), by_surname[surname].id))
                made += 1
                if made == per_kind:
                    break

    pairs = [p for p in by_pair if " " not in p[1] and len(p[1]) >= 4 and len(p[0]) >= 4]
    rng.shuffle(pairs)
    made = 0
    for first, last in pairs:
        typed_first = rng.choice([_transpose, _drop, _wrong, _phonetic, lambda r, w: w])(rng, first) or first
        typed_last = rng.choice([_transpose, _drop, _add, _phonetic, lambda r, w: w])(rng, last) or last
        if typed_first != first and not _unique_best(typed_first, first, first_words):
            continue
        if typed_last != last and not _unique_best(typed_last, last, vocabulary):
            continue
        shape = made % 3
        query = (
            f"{typed_first.title()} {typed_last.title()}"
            if shape == 0
            else f"{typed_last.title()} {typed_first.title()}"
            if shape == 1
            else f"{typed_last.title()}, {typed_first.title()}"
        )
        cases.append(Case("first name and surname, any order, misspelt", query, by_pair[(first, last)].id))
        made += 1
        if made == per_kind:
            break

    made = 0
    for first, last in pairs:
        typed_last = rng.choice([_transpose, _phonetic, lambda r, w: w])(rng, last) or last
        if typed_last != last and not _unique_best(typed_last, last, vocabulary):
            continue
        query = f"{rng.choice(TITLES)} {first[0].upper()} {typed_last.title()}"
        cases.append(Case("initial and title", query, by_initial[(first[0], last)].id))
        made += 1
        if made == per_kind:
            break

    familiar = {}
    for word, others in forms.items():
        if word in first_words:
            for other in others:
                if other not in vocabulary and len(other) >= 2 and other not in familiar:
                    familiar[other] = word
    made = 0
    for first, last in pairs:
        choices = [f for f, formal in familiar.items() if formal == first]
        if not choices:
            continue
        query = f"{rng.choice(sorted(choices)).title()} {last.title()}"
        cases.append(Case("familiar first name", query, by_pair[(first, last)].id))
        made += 1
        if made == per_kind:
            break

    originals = {(_norm(r.first_name), _norm(r.last_name)): r for r in rows}
    made = 0
    double = [p for p in by_pair if " " in p[1]]
    rng.shuffle(double)
    for first, last in double:
        if len(originals.get((first, last), Row(0, "", "", None, "", "", None)).last_name.split("-")) < 2:
            continue
        part = rng.choice(last.split())
        cases.append(Case("double-barrelled by one part", f"{first.title()} {part.title()}", by_pair[(first, last)].id))
        made += 1
        if made == per_kind:
            break

    apostrophes = [r for r in by_surname.values() if "'" in r.last_name]
    for i in range(per_kind if apostrophes else 0):
        row = apostrophes[i % len(apostrophes)]
        head, tail = row.last_name.split("'", 1)
        query = [f"{head}{tail}", f"{head} {tail}", f"{head}'{tail}".lower()][i % 3]
        cases.append(Case("apostrophe written or not", query, by_surname[_norm(row.last_name)].id))

    accented = [p for p, r in by_pair.items() if r.first_name != r.first_name.encode("ascii", "ignore").decode()]
    rng.shuffle(accented)
    for first, last in accented[:per_kind]:
        cases.append(Case("accent left out", f"{first.title()} {last.title()}", by_pair[(first, last)].id))

    with_postcode = [k for k in by_postcode if " " not in k[0] and len(k[0]) >= 4]
    rng.shuffle(with_postcode)
    made = 0
    for last, postcode in with_postcode:
        typed = rng.choice([_transpose, _wrong, _phonetic])(rng, last) or last
        if typed != last and not _unique_best(typed, last, vocabulary):
            continue
        outward = postcode.split()[0]
        if made % 2:
            case = Case("surname with postcode", f"{typed.title()} {postcode}", by_postcode[(last, postcode)].id)
        else:
            case = Case("surname with outward code", f"{typed.title()} {outward}", by_outward[(last, outward)].id)
        cases.append(case)
        made += 1
        if made == 2 * per_kind:
            break

    sample = [r for r in rows if r.phone and " " not in _norm(r.last_name) and len(_norm(r.last_name)) >= 4]
    rng.shuffle(sample)
    made = 0
    for row in sample:
        last = _norm(row.last_name)
        typed = rng.choice([_transpose, _drop, _phonetic])(rng, last) or last
        if typed != last and not _unique_best(typed, last, vocabulary):
            continue
        cases.append(Case("surname with phone", f"{typed.title()} {row.phone}", row.id))
        made += 1
        if made == per_kind:
            break
    made = 0
    for row in sample:
        if row.date_of_birth is None:  # a carer registered without one (1 in 12 of the bench's)
            continue
        first, last = _norm(row.first_name), _norm(row.last_name)
        typed = rng.choice([_transpose, _add, _phonetic])(rng, last) or last
        if typed != last and not _unique_best(typed, last, vocabulary):
            continue
        expected = by_birth[(row.date_of_birth, first, last)].id
        query = f"{row.first_name} {typed.title()} {row.date_of_birth:%d/%m/%Y}"
        cases.append(Case("name with date of birth", query, expected))
        made += 1
        if made == per_kind:
            break
    return cases


def recall(cases: list[Case], found: dict[str, list[int]]) -> dict[str, dict]:
    """Recall in the top TOP per kind and overall: found[query] is the ids answered, best first."""
    per_kind: dict[str, list[bool]] = defaultdict(list)
    for case in cases:
        per_kind[case.kind].append(case.expected in found.get(case.query, [])[:TOP])
    out = {kind: {"n": len(hits), "recall": round(sum(hits) / len(hits), 3)} for kind, hits in per_kind.items()}
    every = [hit for hits in per_kind.values() for hit in hits]
    out["overall"] = {"n": len(every), "recall": round(sum(every) / len(every), 3) if every else None}
    return out
