"""How a typed name is matched to a carer's name, the same on PostgreSQL and SQLite.

Two steps. The *candidate step* asks the database for carers sharing at least one **key** with
each word typed; the keys of a name are computed here, in Python, once per write (Carer.search_keys,
copied into the GIN-indexed search entry on PostgreSQL). The keys of a word are:

- the word itself, and every string made by deleting one of its letters (words of 4 letters or
  more): a word with one letter transposed, dropped, added, doubled or wrong shares one of these
  with the right spelling ("tohmpson" and "thompson" both give "thmpson");
- a sound key (`~` + sound(word)): Smyth/Smith, Thomson/Thompson, Philips/Phillips,
  MacDonald/McDonald, Reid/Read/Reed, Catherine/Kathryn sound the same;
- its prefixes from four letters (`>` + prefix): "Thomp" typed so far finds Thompson.

The *re-rank* is `rank_carers`, the one ranking function: it weighs each typed word against each
word of the candidate's names (exact, familiar form, sounds like, one letter out, starts with,
initial), keeps the best assignment, and breaks ties by the most recent contact. It also says, in
words, why each row matched.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "dame", "lady", "lord", "master"})
# Name particles written apart or together: O Neill = ONeill = O'Neill, Mac Donald = MacDonald.
PARTICLES = frozenset({"o", "mc", "mac", "d", "de", "di", "da", "du", "la", "le", "van", "von", "st", "ap"})
MAX_WORDS = 4  # words of a name that are searched (a 1,000-character query costs no more)
MAX_WORD = 30  # letters of a word kept
DELETE_FROM = 4  # words this long or longer get one-letter-deleted keys
PREFIX_FROM = 4  # prefixes this long or longer are keys

# Weights of one typed word against one word of a carer's name.
EXACT = 10.0
FAMILIAR = 8.0
SOUNDS_AND_SPELT = 7.5
SOUNDS = 7.0
ONE_LETTER = 6.0
STARTS = 5.0
TWO_LETTERS = 4.0
INITIAL = 3.0
SURNAME_BONUS = 0.5  # a surname matching ranks above a first name matching the same way
UNMATCHED = 0.25  # taken off for each typed word that matched nothing ("o neill": O'Neill above Neill)

_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case words without accents, apostrophes or punctuation: "O'Neill-Zoë" → ["oneill", "zoe"]."""
    return list(_words(text or ""))


@lru_cache(maxsize=50_000)
def _words(text: str) -> tuple[str, ...]:
    # Cached: a common surname's 2,000 candidates share a few hundred names.
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.lower())
    return tuple(w[:MAX_WORD] for w in _NOT_ALNUM.sub(" ", text).split())


def _with_joined(ws: list[str]) -> list[str]:
    """The words plus each particle joined to the word after it ("o neill" → also "oneill")."""
    out = list(ws)
    for i in range(len(ws) - 1):
        if ws[i] in PARTICLES:
            out.append(ws[i] + ws[i + 1])
    return out


_SOUND_RULES = [
    (re.compile(pattern), replacement)
    for pattern, replacement in [
        (r"^mac", "mc"),
        (r"^kn", "n"),
        (r"^wr", "r"),
        (r"^ps", "s"),
        (r"^x", "s"),
        (r"ph", "f"),
        (r"gh", ""),
        (r"ck", "k"),
        (r"q", "k"),
        (r"x", "ks"),
        (r"z", "s"),
        (r"sch", "sk"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"g(?=[eiy])", "j"),
        (r"dg", "j"),
        (r"th", "t"),
        (r"mp(?=s)", "m"),
        (r"v", "f"),
    ]
]
_SILENT = re.compile(r"[aeiouhwy]")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=20_000)
def sound(word: str) -> str:
    """A sound key: spellings that sound alike give the same key (smith, smyth → "smt")."""
    for pattern, replacement in _SOUND_RULES:
        word = pattern.sub(replacement, word)
    if not word:
        return ""
    word = _REPEATS.sub(r"\1", word)
    return _REPEATS.sub(r"\1", word[0] + _SILENT.sub("", word[1:]))


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))] if len(word) >= DELETE_FROM else []


def word_keys(word: str, *, stored: bool) -> list[str]:
    """The index keys of one word: a stored name's word gets its prefixes, a typed word its own
    prefix key (so that it finds the names it starts)."""
    keys = [word, *_deletions(word)]
    if len(word) >= 2:
        keys.append("~" + sound(word))
    if stored:
        keys += [">" + word[:n] for n in range(PREFIX_FROM, len(word))]
    elif len(word) >= PREFIX_FROM:
        keys.append(">" + word)
    return list(dict.fromkeys(keys))


def part_keys(part: str) -> list[str]:
    """The keys of one name (a first name or a surname), hyphenated parts and joined particles included."""
    keys: list[str] = []
    for word in _with_joined(words(part)):
        keys += word_keys(word, stored=True)
    return list(dict.fromkeys(keys))


def name_keys(first_name: str, last_name: str) -> str:
    """Carer.search_keys: the keys of both names, space-separated with a space at each end (so
    that SQLite can match ' key ' with LIKE)."""
    keys = part_keys(first_name) + part_keys(last_name)
    return f" {' '.join(keys)} " if keys else ""


@lru_cache(maxsize=50_000)
def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (a transposition counts as one), capped at 3."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return min(previous[-1], 3)


@dataclass(frozen=True)
class NameQuery:
    """A typed name, ready to match: its words (titles dropped), the key groups the candidate step
    asks for (one per word that can be looked up; a carer must share a key with every group), and
    the familiar forms of its words."""

    words: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    forms: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def searchable(self) -> bool:
        return bool(self.groups)


def query_words(name: str) -> list[str]:
    """The words of a typed name that count: titles and digits dropped, at most MAX_WORDS."""
    return [w for w in words(name) if w not in TITLES and not w.isdigit()][:MAX_WORDS]


def name_query(name: str, forms: dict[str, Iterable[str]] | None = None) -> NameQuery:
    """`forms` maps a word to its other forms (bill → william; william → bill, will...)."""
    ws = query_words(name)
    forms = {w: frozenset(forms.get(w, ())) - {w} for w in ws} if forms else {}
    groups: list[tuple[str, ...]] = []
    skip = set()
    for i, word in enumerate(ws):
        if i in skip:
            continue
        if word in PARTICLES and i + 1 < len(ws):
            # "o neill", "d souza", "mac donald": one group, matched joined or apart.
            joined = word + ws[i + 1]
            keys = word_keys(joined, stored=False) + word_keys(ws[i + 1], stored=False)
            skip.add(i + 1)
        elif len(word) < 2:
            continue  # an initial: it re-ranks, it cannot be looked up
        else:
            keys = word_keys(word, stored=False)
            for form in sorted(forms.get(word, ())):
                keys.append(form)
        groups.append(tuple(dict.fromkeys(keys)))
    return NameQuery(tuple(ws), tuple(groups), forms)


@lru_cache(maxsize=100_000)
def _word_weight(typed: str, name_word: str, forms: frozenset[str]) -> tuple[float, str]:
    """How well one typed word matches one word of a name, and what to call it."""
    if typed == name_word:
        return EXACT, ""
    if len(typed) == 1:
        return (INITIAL, "initial") if name_word.startswith(typed) else (0.0, "")
    if name_word in forms:
        return FAMILIAR, "familiar form"
    distance = edit_distance(typed, name_word)
    if len(typed) >= 2 and sound(typed) == sound(name_word):
        return (SOUNDS_AND_SPELT, "sounds like") if distance <= 1 else (SOUNDS, "sounds like")
    shortest = min(len(typed), len(name_word))
    if distance == 1 and shortest >= 3:
        return ONE_LETTER, "one letter out"
    if len(typed) >= PREFIX_FROM and name_word.startswith(typed):
        return STARTS, "starts with"
    if distance == 2 and shortest >= 7:
        return TWO_LETTERS, "two letters out"
    return 0.0, ""


@dataclass
class Match:
    """One ranked carer: the score, the tie-breaker and why it matched."""

    carer_id: int
    score: float
    last_contact_at: datetime | float | None  # a datetime, or its epoch seconds (PostgreSQL's candidates)
    last_name: str
    reasons: list[str]

    @property
    def why(self) -> str:
        return ", ".join(self.reasons)


def score_name(query: NameQuery, first_name: str, last_name: str) -> tuple[float, list[str]]:
    """The name part of the ranking: each typed word is given the word of the carer's names it
    matches best (each name word used once), in either order."""
    targets = [(w, "first name") for w in _with_joined(words(first_name))]
    targets += [(w, "surname") for w in _with_joined(words(last_name))]
    variants = [list(query.words)]
    joined = _join_particles(list(query.words))
    if joined != variants[0]:
        variants.append(joined)
    best: tuple[float, list[str]] = (0.0, [])
    for typed_words in variants:
        pairs = []
        for qi, typed in enumerate(typed_words):
            forms = query.forms.get(typed, frozenset())
            for ti, (name_word, role) in enumerate(targets):
                weight, how = _word_weight(typed, name_word, forms)
                if weight and not (weight == INITIAL and role != "first name"):
                    bonus = SURNAME_BONUS if role == "surname" else 0.0
                    pairs.append((weight + bonus, qi, ti, f"{role} {how}".strip()))
        pairs.sort(key=lambda p: -p[0])
        used_q: set[int] = set()
        used_t: set[int] = set()
        total, reasons = 0.0, []
        for weight, qi, ti, reason in pairs:
            if qi in used_q or ti in used_t:
                continue
            used_q.add(qi)
            used_t.add(ti)
            total += weight
            reasons.append(reason)
        if total:
            total -= UNMATCHED * (len(typed_words) - len(used_q))
        if total > best[0]:
            best = (total, reasons)
    return best


def _join_particles(ws: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(ws):
        if ws[i] in PARTICLES and i + 1 < len(ws):
            out.append(ws[i] + ws[i + 1])
            i += 2
        else:
            out.append(ws[i])
            i += 1
    return out


def _seconds(when) -> float:
    if when is None:
        return float("-inf")
    return when if isinstance(when, float | int) else when.timestamp()


def rank_carers(
    query: NameQuery | None, rows: Iterable[tuple], *, also: Iterable[str] = (), keep_unmatched: bool = False
) -> list[Match]:
    """THE ranking rule, on both databases: rows (id, first name, last name, last contact) best
    first. A better name match first (an exact surname above a misspelt one); among equals the
    most recent contact (the carer who rang last week); then surname and id, so that the order
    is stable. Rows whose name matches no typed word are left out (unless `keep_unmatched`: they
    were found by what `also` names, and rank last); `also` names what else
    matched every row (postcode, phone, date of birth), shown in the reasons."""
    also = list(also)
    matches: list[Match] = []
    cache: dict[tuple[str, str], tuple[float, list[str]]] = {}
    for carer_id, first_name, last_name, last_contact_at in rows:
        if query is None or not query.words:
            score, reasons = 0.0, []
        else:
            key = (first_name, last_name)
            if key not in cache:
                cache[key] = score_name(query, first_name, last_name)
            score, reasons = cache[key]
            if not score and not keep_unmatched:
                continue
        matches.append(Match(carer_id, score, last_contact_at, last_name, [*reasons, *also]))
    matches.sort(
        key=lambda m: (
            -round(m.score, 3),
            -_seconds(m.last_contact_at),
            m.last_name,
            m.carer_id,
        )
    )
    return matches
