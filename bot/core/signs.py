"""scan(text, book) -> Hit | None: the safety net on what a mother types in her own words.

Whenever she types free text (outside a question, or in a check-in comment) the bot scans it for
the emergency and urgent warning signs of content/signs.toml, written the way a mother might type
them. The phrases, the negation cues and the fever thresholds are data, in
content/safety_phrases.toml, so clinic staff can add to them without touching code.

How a message is read (the same steps turn the book's phrases into words, so both sides agree):

1. Normalised: NFKC (full-width letters, ligatures), case-folded, apostrophes of every kind
   dropped ("can't", "can’t" and "cant" are one word), "&" read as "and", a letter repeated three
   or more times cut to two ("dizzzzy" = "dizzy"), "can not" / "cannot" joined to "cant" (and
   "do not" to "dont", "is not" to "isnt", ...).
2. Split into words and numbers. Punctuation never stops a phrase from matching; the marks and
   words listed as negation `stops` (and every new line) end a clause, and . ! ? ; and new lines
   end a sentence.
3. Phrases match word by word, so "fit" never matches "fitness" or "outfit". A phrase word of
   `fuzzy_min_length` (5) letters or more also matches a typed word of that length one edit
   away (a letter missing, added, wrong, or two neighbours swapped: "breath", "braethe",
   "bleding"), unless the typed word is in `real_words` ("never" is not a misspelt "fever").
   `*` in a phrase stands for one word or none ("pain in * chest").
4. `together`: a sign also counts when a word or phrase from every one of its lists appears in the
   same sentence, within `within` words ("my tummy pain is severe").
5. Negation: a cue ("no", "don't have", ...) hides a sign that starts within `reach` words after
   it in the same clause, unless a `undo_after` phrase follows the sign ("never had chest pain
   like this"). `not_cues` look like negations and are not ("no idea why"). Signs with
   `negatable = false` are never hidden. Matches overlapping a `harmless` phrase are ignored.
6. Temperatures: a number near a temperature word, in the same clause, is a fever at
   `celsius_at_least` (38) or `fahrenheit_at_least` (100.4); a number of 90 or more, or one
   followed by "f", is read as Fahrenheit.

Emergency wins over urgent; within a level, the sign mentioned first, then the book's order.
The scan is pure and deterministic: no I/O, no clock, no randomness; the book is compiled once.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from bot.platform.content import CONTENT_DIR, ContentError
from bot.platform.validation import one_line

PHRASES_FILE = CONTENT_DIR / "safety_phrases.toml"

Level = Literal["emergency", "urgent"]
_RANK: dict[str, int] = {"emergency": 0, "urgent": 1}
STAR = "*"


@dataclass(frozen=True, slots=True)
class Hit:
    """A warning sign found in free text: answer it as the screening answers that sign."""

    level: Level
    sign_id: str


# --- Reading text ---------------------------------------------------------------------------

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘‛ʼʹ`´′"), None)
_ANY_REPEAT = re.compile(r"(.)\1\1")  # a quick look first: most messages have none
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
# A word, a number (at most two decimals, point or comma), or a mark that may end a clause.
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d\d?(?!\d))?|[.,;:!?()\[\]—–\n]|\s-+\s")
# Marks a clause may end at: listed in the book's `stops` to end one. A new line always does.
MARKS = frozenset(".,;:!?()[]-")
_SENTENCE_MARKS = frozenset(".!?;\n")
# "<word> not" read as one word, as typed without the space: "can not" -> "cant".
_NOT_JOINS = {
    "can": "cant", "do": "dont", "does": "doesnt", "did": "didnt", "is": "isnt", "are": "arent",
    "was": "wasnt", "were": "werent", "have": "havent", "has": "hasnt", "had": "hadnt",
    "will": "wont", "would": "wouldnt", "could": "couldnt", "should": "shouldnt", "must": "mustnt",
}
_ALONE = {"cannot": "cant"}


def tokens(text: str) -> list[str]:
    """Words, numbers and marks ("\\n" for a new line, "-" for a dash), normalised."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    text = text.replace("&", " and ")
    if _ANY_REPEAT.search(text):
        text = _REPEATS.sub(r"\1\1", text)
    out: list[str] = []
    for word in _TOKEN.findall(text):
        first = word[0]
        if first.isdigit():
            out.append(word.replace(",", "."))
        elif first.isalpha():
            if word == "not" and out and out[-1] in _NOT_JOINS:
                out[-1] = _NOT_JOINS[out[-1]]
            elif word == "t" and out and out[-1].endswith("n"):  # "can t": an apostrophe typed as a space
                out[-1] += "t"
            else:
                out.append(_ALONE.get(word, word))
        else:
            out.append(word if word in MARKS or word == "\n" else "-")  # a dash: "-", "—", " - "
    return out


def words_of(phrase: str) -> tuple[str, ...]:
    """A phrase of the book as the words it matches; `*` kept as a word of its own."""
    out: list[str] = []
    for i, part in enumerate(phrase.split(STAR)):
        if i:
            out.append(STAR)
        out.extend(t for t in tokens(part) if t not in MARKS and t != "\n")
    return tuple(out)


def _one_edit(word: str) -> set[str]:
    """Every string one edit away: a letter dropped, swapped with its neighbour, changed, added."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    out.discard(word)
    return out


# --- The book -------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _phrases(phrases: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[tuple[str, ...]] = set()
    for phrase in phrases:
        words = words_of(phrase)
        if not [w for w in words if w != STAR]:
            raise ValueError(f"phrase {phrase!r} has no words")
        if words[0] == STAR or words[-1] == STAR:
            raise ValueError(f"phrase {phrase!r} may not start or end with *")
        if words in seen:
            raise ValueError(f"phrase {phrase!r} is listed twice")
        seen.add(words)
    return phrases


def _one_word(words: tuple[str, ...]) -> tuple[str, ...]:
    for word in words:
        if word not in MARKS and len(words_of(word)) != 1:
            raise ValueError(f"{word!r} must be one word or one of {' '.join(sorted(MARKS))}")
    return words


Phrases = Annotated[tuple[str, ...], AfterValidator(_phrases)]
Words = Annotated[tuple[str, ...], AfterValidator(_one_word)]


class SignPhrases(_Model):
    """The plain words for one warning sign of content/signs.toml."""

    id: str = Field(pattern=r"^[a-z0-9_]{1,16}$")
    level: Level
    negatable: bool = True  # false: "no"/"never" in front does not hide it (thoughts of harm)
    phrases: Phrases = ()
    together: tuple[Annotated[Phrases, Field(min_length=1)], ...] = ()  # one of every list, close by
    within: int | None = Field(default=None, ge=1, le=30)  # for `together`; else the book's

    @model_validator(mode="after")
    def _valid(self) -> SignPhrases:
        if not self.phrases and not self.together:
            raise ValueError("needs `phrases` or `together`")
        if len(self.together) == 1:
            raise ValueError("`together` needs at least two lists")
        return self


class Negation(_Model):
    reach: int = Field(ge=0, le=10)  # words after the cue that it can hide
    cues: Phrases = Field(min_length=1)
    not_cues: Phrases = ()  # look like a negation and are not: "no idea", "not sure"
    lists: Words = ()  # words that carry a negation on through a list: "or", "nor"
    stops: Words = ()  # words or marks that end a negation's reach: "but", ","
    undo_after: Phrases = ()  # after a sign, these mean it is real: "like this"


class Temperature(_Model):
    sign: str
    words: Phrases = Field(min_length=1)  # "temp", "temperature", "fever", ...
    within: int = Field(ge=1, le=10)  # words between the temperature word and the number
    celsius_at_least: float = Field(ge=35, le=42)
    fahrenheit_at_least: float = Field(ge=95, le=108)
    below_words: Words = ()  # just before the number, these mean "not that high"


class _SignLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def level(self) -> str: ...


class PhraseBook(_Model):
    """content/safety_phrases.toml, validated and compiled once for `scan`."""

    version: str = Field(min_length=1)
    fuzzy_min_length: int = Field(ge=3, le=20)
    together_within: int = Field(ge=1, le=30)
    real_words: Words = ()  # never read as a misspelling of a phrase word
    harmless: Phrases = ()  # a sign overlapping one of these is ignored: "bleeding stopped"
    negation: Negation
    temperature: Temperature | None = None
    signs: tuple[SignPhrases, ...] = Field(min_length=1)

    _matcher: _Matcher = PrivateAttr()

    @model_validator(mode="after")
    def _consistent(self) -> PhraseBook:
        ids = [s.id for s in self.signs]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"signs: duplicate ids {dupes}")
        if self.temperature and self.temperature.sign not in ids:
            raise ValueError(f"temperature.sign: {self.temperature.sign!r} is not a sign here")
        owner: dict[tuple[str, ...], str] = {}
        for sign in self.signs:
            for phrase in sign.phrases:
                words = words_of(phrase)
                if words in owner:
                    raise ValueError(f"signs.{sign.id}.phrases: {phrase!r} is already "
                                     f"listed under signs.{owner[words]}")
                owner[words] = sign.id
        return self

    def model_post_init(self, context: Any, /) -> None:
        self._matcher = _Matcher(self)

    def sign_ids(self, *levels: Level) -> tuple[str, ...]:
        return tuple(s.id for s in self.signs if not levels or s.level in levels)

    def check_against(self, signs: Iterable[_SignLike], source: str = "content/safety_phrases.toml") -> None:
        """Raise ContentError unless the book has exactly the emergency and urgent signs given."""
        wanted = {s.id: s.level for s in signs if s.level in _RANK}
        have = {s.id: s.level for s in self.signs}
        missing = sorted(set(wanted) - set(have))
        if missing:
            raise ContentError(f"{source}: signs: no phrases for {missing}")
        unknown = sorted(set(have) - set(wanted))
        if unknown:
            raise ContentError(f"{source}: signs: {unknown} are not emergency or urgent signs")
        for sign_id, level in have.items():
            if wanted[sign_id] != level:
                raise ContentError(f"{source}: signs.{sign_id}.level: {level!r}, but the sign "
                                   f"is {wanted[sign_id]!r}")


def load_phrases(path: Path = PHRASES_FILE) -> PhraseBook:
    """Read and validate a phrase book. Raises ContentError naming the file and the entry."""
    name = _display(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{name}: file is missing") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(f"{name}: {exc}") from None
    try:
        return PhraseBook.model_validate(data)
    except ValidationError as exc:
        line = one_line(exc, lambda loc: _entry(tuple(loc), data), count_more=True)
        raise ContentError(f"{name}: {line}") from None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(CONTENT_DIR.parent))
    except ValueError:
        return str(path)


def _entry(loc: tuple[int | str, ...], data: dict[str, Any]) -> str:
    """('signs', 3, 'phrases', 0) -> 'signs.fever.phrases[0]': the entry as staff see it."""
    out = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            sign_id = None
            if i == 1 and loc[0] == "signs":
                entries = data.get("signs")
                if isinstance(entries, list) and part < len(entries) and isinstance(entries[part], dict):
                    sign_id = entries[part].get("id")
            out += f".{sign_id}" if isinstance(sign_id, str) and sign_id else f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# --- The compiled matcher -------------------------------------------------------------------


class _Node:
    __slots__ = ("ends", "next")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.ends: list[tuple[int, int, int]] = []  # (kind, sign, list) of the patterns ending here


def _add(root: _Node, words: tuple[str, ...], payload: tuple[int, int, int]) -> None:
    node = root
    for w in words:
        node = node.next.setdefault(w, _Node())
    node.ends.append(payload)


def _find(root: _Node, cands: list[tuple[str, ...]]) -> list[tuple[int, int, tuple[int, int, int]]]:
    """Every (start, end, payload) of a pattern in the trie, `cands[i]` being what word i may be."""
    out: set[tuple[int, int, tuple[int, int, int]]] = set()
    n = len(cands)
    top = root.next
    for i in range(n):
        for c in cands[i]:
            node = top.get(c)
            if node is None:
                continue
            stack = [(node, i + 1)]
            while stack:
                node, pos = stack.pop()
                for payload in node.ends:
                    out.add((i, pos - 1, payload))
                nxt = node.next
                if not nxt:
                    continue
                star = nxt.get(STAR)
                if star is not None:
                    stack.append((star, pos))
                    if pos < n:
                        stack.append((star, pos + 1))
                if pos < n:
                    for c2 in cands[pos]:
                        child = nxt.get(c2)
                        if child is not None:
                            stack.append((child, pos + 1))
    return sorted(out)


_PHRASE, _GROUP, _TEMP, _HARMLESS = range(4)
_CUE, _NOT_CUE, _UNDO = range(3)
_UNITS_F = frozenset({"f", "fahrenheit"})
_UNITS_C = frozenset({"c", "celsius", "centigrade", "oc"})
_DEGREES = frozenset({"degrees", "degree", "deg", "degs"})


class _Matcher:
    """The book compiled: one trie for signs (with misspellings), one for negation words."""

    def __init__(self, book: PhraseBook) -> None:
        self.signs = book.signs
        self.windows = [s.within or book.together_within for s in book.signs]
        self.groups = [len(s.together) for s in book.signs]
        self.reach = book.negation.reach
        self.lists = frozenset(words_of(w)[0] for w in book.negation.lists if w not in MARKS)
        self.stops = frozenset(w if w in MARKS else words_of(w)[0] for w in book.negation.stops)
        temp = book.temperature
        self.temp = temp
        self.temp_sign = next((i for i, s in enumerate(book.signs) if temp and s.id == temp.sign), -1)
        self.below = frozenset(w for p in (temp.below_words if temp else ()) for w in words_of(p))

        self.trie = _Node()
        for si, sign in enumerate(book.signs):
            for phrase in sign.phrases:
                _add(self.trie, words_of(phrase), (_PHRASE, si, 0))
            for gi, group in enumerate(sign.together):
                for phrase in group:
                    _add(self.trie, words_of(phrase), (_GROUP, si, gi))
        for phrase in temp.words if temp else ():
            _add(self.trie, words_of(phrase), (_TEMP, 0, 0))
        for phrase in book.harmless:
            _add(self.trie, words_of(phrase), (_HARMLESS, 0, 0))

        vocab = {w for w in _trie_words(self.trie) if w != STAR}
        real = {w for p in book.real_words for w in words_of(p)}
        lookup: dict[str, set[str]] = {w: {w} for w in vocab}
        size = book.fuzzy_min_length
        for word in vocab:
            if len(word) < size or not word.isalpha():
                continue
            for typo in _one_edit(word):
                if len(typo) >= size and typo not in real:
                    lookup.setdefault(typo, set()).add(word)
        self.lookup = {w: tuple(sorted(c)) for w, c in lookup.items()}

        self.neg = _Node()
        neg = book.negation
        for kind, phrases in ((_CUE, neg.cues), (_NOT_CUE, neg.not_cues), (_UNDO, neg.undo_after)):
            for phrase in phrases:
                _add(self.neg, words_of(phrase), (kind, 0, 0))
        self.neg_vocab = frozenset(_trie_words(self.neg))

    def __eq__(self, other: object) -> bool:
        # Built from the book's fields alone, so two books with equal fields have equal matchers
        # (pydantic compares private attributes too when comparing two books).
        return isinstance(other, _Matcher)

    __hash__ = None  # type: ignore[assignment]

    def scan_all(self, text: str) -> list[tuple[int, int, int]]:
        """(rank, start, sign index) of every sign found, best first, one per sign."""
        words: list[str] = []
        clause: list[int] = []
        sentence: list[int] = []
        c = s = 0
        for tok in tokens(text):
            if tok in MARKS or tok == "\n":
                if tok == "\n" or tok in self.stops:
                    c += 1
                if tok in _SENTENCE_MARKS:
                    s += 1
                continue
            if tok in self.stops:
                c += 1
            words.append(tok)
            clause.append(c)
            sentence.append(s)
        if not words:
            return []
        lookup = self.lookup
        found = _find(self.trie, [lookup.get(w, ()) for w in words])
        if not found:
            return []
        negated, undo = self._negation(words, clause)
        harmless = [(a, b) for a, b, (kind, _, _) in found if kind == _HARMLESS]

        def hidden(si: int, a: int, b: int) -> bool:
            if any(a <= hb and ha <= b for ha, hb in harmless):
                return True
            if not negated[a] or not self.signs[si].negatable:
                return False
            i = bisect_right(undo, b)
            return not (i < len(undo) and undo[i] - b <= 4 and clause[undo[i]] == clause[b])

        best: dict[int, int] = {}  # sign index -> first start
        groups: dict[int, list[list[int]]] = {}
        temps: list[int] = []
        for a, b, (kind, si, gi) in found:
            if kind == _PHRASE and not hidden(si, a, b):
                best[si] = min(best.get(si, a), a)
            elif kind == _GROUP:
                if not hidden(si, a, b):
                    groups.setdefault(si, [[] for _ in range(self.groups[si])])[gi].append(a)
            elif kind == _TEMP and not hidden(self.temp_sign, a, a):
                temps.append(a)
        for si, starts in groups.items():
            start = self._together(starts, sentence, self.windows[si])
            if start is not None:
                best[si] = min(best.get(si, start), start)
        if temps:
            start = self._temperature(words, clause, temps)
            if start is not None:
                best[self.temp_sign] = min(best.get(self.temp_sign, start), start)
        return sorted((_RANK[self.signs[si].level], start, si) for si, start in best.items())

    def _negation(self, words: list[str], clause: list[int]) -> tuple[list[bool], list[int]]:
        """Which words a cue hides, and where the `undo_after` phrases start."""
        n = len(words)
        negated = [False] * n
        vocab = self.neg_vocab
        if not any(w in vocab for w in words):
            return negated, []
        found = _find(self.neg, [(w,) if w in vocab else () for w in words])
        blocked: set[int] = set()
        for a, b, (kind, _, _) in found:
            if kind == _NOT_CUE:
                blocked.update(range(a, b + 1))
        undo = sorted(a for a, _, (kind, _, _) in found if kind == _UNDO)
        for a, b, (kind, _, _) in found:
            if kind != _CUE or a in blocked or b in blocked:
                continue
            j, last = b + 1, b + 1 + self.reach
            while j < n and j <= last and clause[j] == clause[b]:
                negated[j] = True
                if words[j] in self.lists:  # "no fever or chest pain": the list goes on
                    last = j + self.reach
                j += 1
        return negated, undo

    @staticmethod
    def _together(starts: list[list[int]], sentence: list[int], within: int) -> int | None:
        """The first start from which every list has a match within `within` words, same sentence."""
        if not all(starts):
            return None
        for group in starts:
            group.sort()
        for anchor in sorted(a for group in starts for a in group):
            ok = True
            for group in starts:
                i = bisect_left(group, anchor)
                if i == len(group) or group[i] - anchor > within or sentence[group[i]] != sentence[anchor]:
                    ok = False
                    break
            if ok:
                return anchor
        return None

    def _temperature(self, words: list[str], clause: list[int], temps: list[int]) -> int | None:
        """The first temperature word near a reading at or over the fever threshold."""
        temp = self.temp
        if temp is None:
            return None
        n = len(words)
        for i in temps:
            for j in range(max(0, i - temp.within), min(n, i + temp.within + 1)):
                w = words[j]
                if not w[0].isdigit() or clause[j] != clause[i] or j == i:
                    continue
                if any(words[k] in self.below for k in range(max(i + 1 if i < j else 0, j - 3), j)):
                    continue
                unit = words[j + 1] if j + 1 < n else ""
                if unit in _DEGREES and j + 2 < n and words[j + 2] in _UNITS_F | _UNITS_C:
                    unit = words[j + 2]
                value = float(w)
                if unit in _UNITS_F or (unit not in _UNITS_C and value >= 90):
                    hot = temp.fahrenheit_at_least <= value <= 113
                else:
                    hot = temp.celsius_at_least <= value <= 45
                if hot:
                    return min(i, j)
        return None


def _trie_words(root: _Node) -> set[str]:
    out: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        out.update(node.next)
        stack.extend(node.next.values())
    return out


# --- The API --------------------------------------------------------------------------------


def scan_all(text: str, book: PhraseBook) -> tuple[Hit, ...]:
    """Every emergency and urgent sign in `text`, most serious and earliest first."""
    signs = book.signs
    return tuple(Hit(signs[si].level, signs[si].id) for _, _, si in book._matcher.scan_all(text))


def scan(text: str, book: PhraseBook) -> Hit | None:
    """The most serious warning sign in `text` (emergency before urgent), or None."""
    found = book._matcher.scan_all(text)
    if not found:
        return None
    sign = book.signs[found[0][2]]
    return Hit(sign.level, sign.id)
