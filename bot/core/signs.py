"""scan(text, book) -> Hit | None: the safety net on what a mother types in her own words.

Whenever she types free text (outside a question, or in a check-in comment) the bot scans it for
the emergency, urgent and contact-APEX warning signs of content/signs.toml (low mood among them,
which only her own words can show), written the way a mother might type them. The
phrases, the negation cues and the fever thresholds are data, one phrase book per language
(content/safety_phrases.toml in English, content/safety_phrases.es.toml in Spanish), so clinic
staff can add to them without touching code. Every message is read with every book: a mother may
write in either language, or both in one message.

How a message is read (the same steps turn the books' phrases into words, so both sides agree):

1. Normalised: NFKC (full-width letters, ligatures), case-folded, accents dropped ("respiración"
   = "respiracion", "ñ" = "n"), apostrophes of every kind dropped ("can't", "can’t" and "cant"
   are one word), "&" read as "and", a letter repeated three or more times cut to two ("dizzzzy"
   = "dizzy"), "can not" / "cannot" joined to "cant" (and "do not" to "dont", "is not" to
   "isnt", ...).
2. Split into words and numbers. Punctuation never stops a phrase from matching; the marks and
   words listed as a book's negation `stops` (and every new line) end a clause, and . ! ? ; and
   new lines end a sentence.
3. Phrases match word by word, so "fit" never matches "fitness" or "outfit". A phrase word of
   `fuzzy_min_length` (5) letters or more also matches a typed word of that length one edit
   away (a letter missing, added, wrong, or two neighbours swapped: "breath", "braethe",
   "bleding"), unless the typed word is in the `real_words` of any book, or is a phrase word of
   another book ("never" is not a misspelt "fever", "fibre" not a misspelt "fiebre").
   `*` in a phrase stands for one word or none ("pain in * chest"). `unless` words (5.) are
   matched exactly: a typo there never explains a sign away.
4. `together`: a sign also counts when a word or phrase from every one of its lists appears in the
   same sentence, within `within` words ("my tummy pain is severe").
5. `weak` phrases count unless one of the sign's `unless` phrases (not itself negated) is within
   `unless_within` words in the same sentence: "short of breath" is a sign, "short of breath on
   my run" is not.
6. Negation: a cue ("no", "don't have", ...) hides a sign that starts within `reach` words after
   it in the same clause, or inside it after its first word ("I don't feel faint"), unless an
   `undo_after` phrase follows the sign ("never had chest pain like this"). `not_cues` look like
   negations and are not ("no idea why", "no puedo"), and an `undo_after` word inside one does
   not count ("así que"). Signs with `negatable = false` are never hidden. Matches overlapping a
   `harmless` phrase are ignored. Each book's negation reads only that book's signs.
7. Temperatures: a number near a temperature word, in the same clause, is a fever at
   `celsius_at_least` (38) or `fahrenheit_at_least` (100.4); a number of 90 or more, or one
   followed by "f", is read as Fahrenheit.

Emergency wins over urgent, urgent over contact-APEX; within a level, the sign mentioned first,
then the English book's order. The scan is pure and deterministic: no I/O, no clock, no
randomness; the books are compiled once.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from bot.platform.content import CONTENT_DIR, ContentError
from bot.platform.validation import one_line

PHRASES_FILE = CONTENT_DIR / "safety_phrases.toml"
PHRASES_FILE_ES = CONTENT_DIR / "safety_phrases.es.toml"
# Every phrase book the net reads each message with: English first (its order breaks ties).
PHRASE_FILES = (PHRASES_FILE, PHRASES_FILE_ES)

Level = Literal["emergency", "urgent", "apex"]
_RANK: dict[str, int] = {"emergency": 0, "urgent": 1, "apex": 2}
# The levels a book must cover in full; contact-APEX signs need phrases only when her own words
# are the only way to find them (`listed = false` in content/signs.toml: low mood).
_ALWAYS = ("emergency", "urgent")
STAR = "*"


# A sign found: (rank, first word, order in the first book, level, id); sorts best first.
_Found = tuple[int, int, int, Level, str]


@dataclass(frozen=True, slots=True)
class Hit:
    """A warning sign found in free text: answer it as the screening answers that sign."""

    level: Level
    sign_id: str


# --- Reading text ---------------------------------------------------------------------------

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘‛ʼʹ`´′"), None)
_ACCENTS = re.compile("[\u0300-\u036f]")  # combining marks, once letters are decomposed (NFD)
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
    if not text.isascii():  # "respiración" = "respiracion", "ñ" = "n"
        text = unicodedata.normalize("NFC", _ACCENTS.sub("", unicodedata.normalize("NFD", text)))
    text = text.replace("&", " and ")
    if _ANY_REPEAT.search(text):
        text = _REPEATS.sub(r"\1\1", text)
    out: list[str] = []
    for word in _TOKEN.findall(text):
        first = word[0]
        if first.isdigit():
            # Any script's digits ("᧚", "٣") as ASCII, so a temperature always reads as a number.
            out.append("".join(str(unicodedata.decimal(c, c)) if c.isdigit() else c
                               for c in word.replace(",", ".")))
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
    weak: Phrases = ()  # count unless one of `unless` is close by: "short of breath"
    unless: Phrases = ()  # what explains a weak phrase away: "run", "hills"
    unless_within: int = Field(default=8, ge=1, le=30)

    @model_validator(mode="after")
    def _valid(self) -> SignPhrases:
        if not self.phrases and not self.together and not self.weak:
            raise ValueError("needs `phrases`, `together` or `weak`")
        if len(self.together) == 1:
            raise ValueError("`together` needs at least two lists")
        if bool(self.weak) != bool(self.unless):
            raise ValueError("`weak` and `unless` go together")
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
    @property
    def listed(self) -> bool: ...


class PhraseFile(_Model):
    """One language's phrase book (content/safety_phrases*.toml), validated."""

    version: str = Field(min_length=1)
    language: str = Field(pattern=r"^[a-z]{2}$")  # "en", "es": what the file is written in
    fuzzy_min_length: int = Field(ge=3, le=20)
    together_within: int = Field(ge=1, le=30)
    real_words: Words = ()  # never read as a misspelling of a phrase word, in any book
    harmless: Phrases = ()  # a sign overlapping one of these is ignored: "bleeding stopped"
    negation: Negation
    temperature: Temperature | None = None
    signs: tuple[SignPhrases, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> PhraseFile:
        ids = [s.id for s in self.signs]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"signs: duplicate ids {dupes}")
        if self.temperature and self.temperature.sign not in ids:
            raise ValueError(f"temperature.sign: {self.temperature.sign!r} is not a sign here")
        owner: dict[tuple[str, ...], str] = {}
        for sign in self.signs:
            for key, phrases in (("phrases", sign.phrases), ("weak", sign.weak)):
                for phrase in phrases:
                    words = words_of(phrase)
                    if words in owner:
                        raise ValueError(f"signs.{sign.id}.{key}: {phrase!r} is already "
                                         f"listed under signs.{owner[words]}")
                    owner[words] = sign.id
        return self

    def sign_ids(self, *levels: Level) -> tuple[str, ...]:
        return tuple(s.id for s in self.signs if not levels or s.level in levels)

    def check_against(self, signs: Iterable[_SignLike], source: str = "content/safety_phrases.toml") -> None:
        """Raise ContentError unless the book has every emergency and urgent sign given, and
        every sign that is not listed as a button; other contact-APEX signs may have phrases."""
        known = {s.id: s.level for s in signs if s.level in _RANK}
        wanted = {s.id for s in signs if s.level in _ALWAYS or not s.listed}
        have = {s.id: s.level for s in self.signs}
        missing = sorted(wanted - set(have))
        if missing:
            raise ContentError(f"{source}: signs: no phrases for {missing}")
        unknown = sorted(set(have) - set(known))
        if unknown:
            raise ContentError(f"{source}: signs: {unknown} are not warning signs of content/signs.toml")
        for sign_id, level in have.items():
            if known[sign_id] != level:
                raise ContentError(f"{source}: signs.{sign_id}.level: {level!r}, but the sign "
                                   f"is {known[sign_id]!r}")


@dataclass(frozen=True, eq=False)
class PhraseBook:
    """Every language's phrase book, compiled once: what the net reads each message with.

    Each book finds its own phrases with its own negation (Spanish "no puedo" is no negation);
    the hits are merged, one per sign. Equal when their files are equal."""

    files: tuple[PhraseFile, ...]
    names: tuple[str, ...] = ()  # each file as staff know it; by default from its language
    _matchers: tuple[_Matcher, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.files:
            raise ValueError("a phrase book needs at least one file")
        if not self.names:
            object.__setattr__(self, "names", tuple(
                f"content/safety_phrases{'' if f.language == 'en' else '.' + f.language}.toml"
                for f in self.files))
        # A typo of one book's word is never a word another book lists or knows: "fibre" is
        # not a misspelt "fiebre" (Spanish), "dolor" not a misspelt "odour" (English).
        real = {w for f in self.files for p in f.real_words for w in words_of(p)}
        vocab = [_vocabulary(f) for f in self.files]
        order = {sign_id: i for i, sign_id in enumerate(
            dict.fromkeys(s.id for f in self.files for s in f.signs))}
        object.__setattr__(self, "_matchers", tuple(
            _Matcher(f, real | {w for j, v in enumerate(vocab) if j != i for w in v}, order)
            for i, f in enumerate(self.files)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PhraseBook) and self.files == other.files

    __hash__ = None  # type: ignore[assignment]

    def sign_ids(self, *levels: Level) -> tuple[str, ...]:
        """Every sign with phrases in some book, in the first book's order."""
        return tuple(dict.fromkeys(i for f in self.files for i in f.sign_ids(*levels)))

    def check_against(self, signs: Iterable[_SignLike]) -> None:
        """Raise ContentError unless every book has phrases for every sign it must cover."""
        signs = tuple(signs)
        for file, name in zip(self.files, self.names, strict=True):
            file.check_against(signs, name)

    def _scan(self, text: str) -> list[_Found]:
        """(rank, start, order, level, id) of every sign found, best first, one per sign."""
        toks = tokens(text)
        best: dict[str, _Found] = {}
        for matcher in self._matchers:
            for found in matcher.scan(toks):
                old = best.get(found[4])
                if old is None or found < old:
                    best[found[4]] = found
        return sorted(best.values())


def load_phrases(*paths: Path) -> PhraseBook:
    """Read, validate and compile the phrase books (by default every language's). Raises
    ContentError naming the file and the entry."""
    paths = paths or PHRASE_FILES
    return PhraseBook(tuple(load_phrase_file(p) for p in paths), tuple(_display(p) for p in paths))


def load_phrase_file(path: Path) -> PhraseFile:
    """Read and validate one phrase book. Raises ContentError naming the file and the entry."""
    name = _display(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{name}: file is missing") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(f"{name}: {exc}") from None
    try:
        return PhraseFile.model_validate(data)
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


_PHRASE, _GROUP, _TEMP, _HARMLESS, _WEAK, _UNLESS = range(6)
_CUE, _NOT_CUE, _UNDO = range(3)
_UNITS_F = frozenset({"f", "fahrenheit"})
_UNITS_C = frozenset({"c", "celsius", "centigrade", "oc"})
_DEGREES = frozenset({"degrees", "degree", "deg", "degs"})


def _patterns(book: PhraseFile) -> Iterable[tuple[tuple[str, ...], tuple[int, int, int]]]:
    """Every phrase the sign trie holds, as words, with what it stands for."""
    for si, sign in enumerate(book.signs):
        for phrase in sign.phrases:
            yield words_of(phrase), (_PHRASE, si, 0)
        for gi, group in enumerate(sign.together):
            for phrase in group:
                yield words_of(phrase), (_GROUP, si, gi)
        for phrase in sign.weak:
            yield words_of(phrase), (_WEAK, si, 0)
        for phrase in sign.unless:
            yield words_of(phrase), (_UNLESS, si, 0)
    for phrase in book.temperature.words if book.temperature else ():
        yield words_of(phrase), (_TEMP, 0, 0)
    for phrase in book.harmless:
        yield words_of(phrase), (_HARMLESS, 0, 0)


def _vocabulary(book: PhraseFile) -> set[str]:
    """The words of a book's signs, exactly as listed."""
    return {w for words, _ in _patterns(book) for w in words if w != STAR}


class _Matcher:
    """One book compiled: one trie for signs (with misspellings), one for negation words."""

    def __init__(self, book: PhraseFile, real: set[str], order: dict[str, int]) -> None:
        self.signs = book.signs
        # What a hit of sign i sorts by after its start: (rank, order, level, id).
        self.keys: list[tuple[int, int, Level, str]] = [
            (_RANK[s.level], order[s.id], s.level, s.id) for s in book.signs]
        self.windows = [s.within or book.together_within for s in book.signs]
        self.groups = [len(s.together) for s in book.signs]
        self.unless_within = [s.unless_within for s in book.signs]
        self.reach = book.negation.reach
        self.lists = frozenset(words_of(w)[0] for w in book.negation.lists if w not in MARKS)
        self.stops = frozenset(w if w in MARKS else words_of(w)[0] for w in book.negation.stops)
        temp = book.temperature
        self.temp = temp
        self.temp_sign = next((i for i, s in enumerate(book.signs) if temp and s.id == temp.sign), -1)
        self.below = frozenset(w for p in (temp.below_words if temp else ()) for w in words_of(p))

        self.trie = _Node()
        self.unless = _Node()  # matched word for word, no typos: when in doubt, the sign counts
        for words, payload in _patterns(book):
            _add(self.unless if payload[0] == _UNLESS else self.trie, words, payload)

        # Each typed word -> the phrase words it may be. Built once (most of a book's start-up).
        vocab = sorted(w for w in _trie_words(self.trie) if w != STAR)
        lookup: dict[str, tuple[str, ...]] = {w: (w,) for w in vocab}
        size = book.fuzzy_min_length
        for word in vocab:
            if len(word) < size or not word.isalpha():
                continue
            for typo in _one_edit(word):
                if len(typo) >= size and typo not in real:
                    got = lookup.get(typo)
                    lookup[typo] = (word,) if got is None else (*got, word)
        self.lookup = lookup

        self.neg = _Node()
        neg = book.negation
        for kind, phrases in ((_CUE, neg.cues), (_NOT_CUE, neg.not_cues), (_UNDO, neg.undo_after)):
            for phrase in phrases:
                _add(self.neg, words_of(phrase), (kind, 0, 0))
        self.neg_vocab = frozenset(_trie_words(self.neg))

    def scan(self, toks: list[str]) -> list[_Found]:
        """(rank, start, order, level, id) of every sign found in these tokens, one per sign."""
        lookup = self.lookup
        if not any(t in lookup for t in toks):  # most messages: nothing to read further
            return []
        words: list[str] = []
        clause: list[int] = []
        sentence: list[int] = []
        c = s = 0
        stops = self.stops
        for tok in toks:
            if tok in MARKS or tok == "\n":
                if tok == "\n" or tok in stops:
                    c += 1
                if tok in _SENTENCE_MARKS:
                    s += 1
                continue
            if tok in stops:
                c += 1
            words.append(tok)
            clause.append(c)
            sentence.append(s)
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
        weak: list[tuple[int, int, int]] = []
        for a, b, (kind, si, gi) in found:
            if kind == _PHRASE and not hidden(si, a, b):
                best[si] = min(best.get(si, a), a)
            elif kind == _GROUP:
                if not hidden(si, a, b):
                    groups.setdefault(si, [[] for _ in range(self.groups[si])])[gi].append(a)
            elif kind == _TEMP and not hidden(self.temp_sign, a, a):
                temps.append(a)
            elif kind == _WEAK and not hidden(si, a, b):
                weak.append((a, b, si))
        unless: dict[int, list[tuple[int, int]]] = {}
        if weak:
            for a, b, (_, si, _) in _find(self.unless, [(w,) for w in words]):
                if not negated[a]:  # "I haven't run" explains nothing away
                    unless.setdefault(si, []).append((a, b))
        for a, b, si in weak:
            near = self.unless_within[si]
            if not any(sentence[ua] == sentence[a] and (a - ub if ub < a else ua - b) <= near
                       for ua, ub in unless.get(si, ())):
                best[si] = min(best.get(si, a), a)
        for si, starts in groups.items():
            start = self._together(starts, sentence, self.windows[si])
            if start is not None:
                best[si] = min(best.get(si, start), start)
        if temps:
            start = self._temperature(words, clause, temps)
            if start is not None:
                best[self.temp_sign] = min(best.get(self.temp_sign, start), start)
        out: list[_Found] = []
        for si, start in best.items():
            rank, order, level, sign_id = self.keys[si]
            out.append((rank, start, order, level, sign_id))
        return out

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
        # An undo word inside a not-cue does not count: "así que" (so) is not "así" (like this).
        undo = sorted(a for a, _, (kind, _, _) in found if kind == _UNDO and a not in blocked)
        for a, b, (kind, _, _) in found:
            if kind != _CUE or a in blocked or b in blocked:
                continue
            for j in range(a + 1, b + 1):  # "don't feel faint": "feel faint" starts in the cue
                negated[j] = True
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
                try:
                    value = float(w)
                except ValueError:  # "1.2.3", or a digit Unicode has no value for
                    continue
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
    """Every warning sign in `text`, most serious and earliest first."""
    return tuple(Hit(level, sign_id) for _, _, _, level, sign_id in book._scan(text))


def scan(text: str, book: PhraseBook) -> Hit | None:
    """The most serious warning sign in `text` (emergency, then urgent, then contact APEX), or None."""
    found = book._scan(text)
    if not found:
        return None
    _, _, _, level, sign_id = found[0]
    return Hit(level, sign_id)
