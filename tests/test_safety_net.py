"""The safety net on free text: scan(text, book) -> Hit | None, as a labelled table (English).

Each row is something a mother might type and what the bot must make of it. The table is scored
(precision and recall per level, printed by test_precision_and_recall: run with -s) and every
row is also checked on its own, except the few in ACCEPTED, which are known to come out wrong
and say why. Rows are read with every book, as in production (the Spanish table and the Spanish
rules are in tests/test_safety_net_es.py); the rules about books, loading and speed are here.
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path
from typing import Final

import pytest
from pydantic import ValidationError

from bot.core.signs import (
    PHRASE_FILES,
    PHRASES_FILE,
    PHRASES_FILE_ES,
    STAR,
    Hit,
    PhraseBook,
    PhraseFile,
    load_phrases,
    scan,
    scan_all,
    tokens,
    words_of,
)
from bot.platform.content import ContentError, load_content

BOOK = load_phrases()  # every book, as the bot reads messages
ENGLISH = load_phrases(PHRASES_FILE)  # the English book alone
CONTENT = load_content()

E: Final = "emergency"
U: Final = "urgent"
A: Final = "apex"

# (text, expected: (level, sign id) or None)
TABLE: list[tuple[str, tuple[str, str] | None]] = [
    # --- Emergency, plain words -------------------------------------------------------------
    ("I've got chest pain", (E, "chest_pain")),
    ("sharp pain in my chest when I breathe in", (E, "chest_pain")),
    ("My chest feels really tight", (E, "chest_pain")),
    ("CHEST PAIN!!!", (E, "chest_pain")),
    ("I can't breathe properly", (E, "breathing")),
    ("cant breath", (E, "breathing")),
    ("struggling to breathe since this morning", (E, "breathing")),
    ("I'm breathless at rest, even sitting on the sofa", (E, "breathing")),
    ("I can not breathe", (E, "breathing")),
    ("had a fit this morning", (E, "seizure")),
    ("I think I had a seizure", (E, "seizure")),
    ("my wife had a seizure, I'm her husband typing", (E, "seizure")),
    ("I want to hurt myself", (E, "harm_thoughts")),
    # Her baby: the emergency number at once, whoever the sign is about.
    ("my baby isn't breathing", (E, "baby_danger")),
    ("help my baby stopped breathing", (E, "baby_danger")),
    ("the baby is turning blue", (E, "baby_danger")),
    ("I can't wake my baby up", (E, "baby_danger")),
    ("I dropped my baby", (E, "baby_danger")),
    ("my baby has a fever of 101", (E, "baby_danger")),
    ("my baby fell asleep on me", None),
    ("getting back in shape, baby steps", None),  # "shape" is no typo of "shake"
    ("I can't stop bleeding", (E, "heavy_bleeding")),
    ("bleeding and it's not stopping", (E, "heavy_bleeding")),
    ("my calf hurts and is hot", (U, "leg")),
    ("I'm bleeding heavily, fever ᧚", (E, "heavy_bleeding")),  # a digit of another script
    ("baby is sleeping well now", None),
    ("some days I don't want to be here anymore", (E, "harm_thoughts")),
    ("having thoughts of harming my baby", (E, "harm_thoughts")),
    ("I fainted in the shower", (E, "collapse")),
    ("passed out after feeding", (E, "collapse")),
    ("I'm bleeding a lot and soaking a pad every hour", (E, "heavy_bleeding")),
    ("passing clots the size of a golf ball", (E, "heavy_bleeding")),
    ("soaked through a pad in an hour", (E, "heavy_bleeding")),
    ("bleeding and I feel faint", (E, "bleed_faint")),
    ("still bleeding and my heart is racing", (E, "bleed_faint")),
    ("severe tummy pain that won't go away", (E, "belly_pain")),
    ("I keep hearing voices", (E, "confusion")),
    ("I feel so confused and can't think straight", (E, "confusion")),
    # --- Emergency: negations that must not hide it ----------------------------------------
    ("chest pain, no fever", (E, "chest_pain")),
    ("no idea why but I have chest pain", (E, "chest_pain")),
    ("No fever but I can’t breathe", (E, "breathing")),
    ("I don't have a fever and my chest hurts", (E, "chest_pain")),
    ("no headache, no fever, but really struggling to breathe", (E, "breathing")),
    ("I've never had chest pain like this before", (E, "chest_pain")),
    ("I don't feel like I can breathe", (E, "breathing")),
    ("I'm not sure if it's normal but I passed out", (E, "collapse")),
    ("I didn't realise I was bleeding this heavily", (E, "heavy_bleeding")),
    ("I haven't slept, and I'm bleeding and feel really faint", (E, "bleed_faint")),
    # --- Emergency: misspellings and odd typing --------------------------------------------
    ("bleding heavily", (E, "heavy_bleeding")),
    ("i cant braethe", (E, "breathing")),
    ("cant breeth", (E, "breathing")),
    ("had a seizre", (E, "seizure")),
    ("ｃｈｅｓｔ ｐａｉｎ", (E, "chest_pain")),
    ("pain in the middle of my chest going down my arm", (E, "chest_pain")),
    ("breathing is really hard even at rest", (E, "breathing")),
    ("my lips are going blue", (E, "breathing")),
    ("I keep thinking about ending my life", (E, "harm_thoughts")),
    ("I feel like everyone would be better off without me", (E, "harm_thoughts")),
    ("I blacked out for a few seconds", (E, "collapse")),
    ("passed a clot bigger than an egg", (E, "heavy_bleeding")),
    ("really bad tummy pain that won't stop", (E, "belly_pain")),
    ("my partner says I'm not making sense", (E, "confusion")),
    ("chest    pain...", (E, "chest_pain")),
    # --- Emergency: borderline, decided to escalate ---------------------------------------
    # Asking about a sign escalates: the bot cannot tell a question from a report.
    ("Is chest pain normal after running?", (E, "chest_pain")),
    # Breathless on light effort, out of proportion: over-trigger rather than miss.
    ("breathless even walking up the stairs", (E, "breathing")),
    # Thoughts of harm are never negated: said out of the blue, it is often how they show.
    ("I'd never hurt my baby but I keep getting these intrusive thoughts", (E, "harm_thoughts")),
    ("I'm not suicidal, just exhausted", (E, "harm_thoughts")),
    # --- Emergency: crisis in her own words -------------------------------------------------
    ("I want to die", (E, "harm_thoughts")),
    ("sometimes I think about hurting my baby", (E, "harm_thoughts")),
    ("I don't want to be here anymore", (E, "harm_thoughts")),
    ("everyone would be better off without me", (E, "harm_thoughts")),
    ("I wish I could just disappear forever", (E, "harm_thoughts")),
    ("I've been having dark thoughts", (E, "harm_thoughts")),
    ("I feel like my family would be better off if I was gone", (E, "harm_thoughts")),
    ("I'm tired of living", (E, "harm_thoughts")),
    ("I'm scared I might hurt my newborn", (E, "harm_thoughts")),
    # --- Emergency: breathlessness in plain words -------------------------------------------
    ("I'm short of breath", (E, "breathing")),
    ("I can't catch my breath", (E, "breathing")),
    ("I get breathless just walking up the stairs", (E, "breathing")),
    ("shortness of breath since yesterday", (E, "breathing")),
    ("I'm short of breath and I haven't even run yet", (E, "breathing")),
    ("out of breath all day, just feeding the baby", (E, "breathing")),
    ("I can't take a deep breath", (E, "breathing")),
    ("my throat is closing up", (E, "breathing")),
    # --- Urgent ----------------------------------------------------------------------------
    ("I have a fever", (U, "fever")),
    ("temperature of 38.5", (U, "fever")),
    ("temp 39", (U, "fever")),
    ("fever 38", (U, "fever")),
    ("my temp was 101F last night", (U, "fever")),
    ("thermometer says 38,2", (U, "fever")),
    ("feaver and chills", (U, "fever")),
    ("smelly discharge", (U, "discharge")),
    ("discharge smells really bad", (U, "discharge")),
    ("my c-section wound is oozing", (U, "wound")),
    ("scar is red and weeping", (U, "wound")),
    ("my calf is swollen and hot", (U, "leg")),
    ("headache won't go away", (U, "headache")),
    ("I've had a headache for three days, paracetamol isn't helping", (U, "headache")),
    ("blurred vision since this afternoon", (U, "headache")),
    ("pain under my right ribs", (U, "rib_pain")),
    ("my face and hands have suddenly swollen up", (U, "swelling")),
    ("feeling really dizzy today", (U, "dizzy")),
    ("I can't pee", (U, "no_urine")),
    ("haven't been able to pee since this morning", (U, "no_urine")),
    ("I suddenly lost control of my bladder", (U, "lost_control")),
    ("no fever but I feel dizzy", (U, "dizzy")),
    ("sharp pain on my right side under my ribs", (U, "rib_pain")),
    ("my lochia smells foul", (U, "discharge")),
    ("one leg is more swollen than the other", (U, "leg")),
    ("I have a terrible headache and blurry vision", (U, "headache")),
    ("101 degree fever", (U, "fever")),
    ("I haven't peed since this morning", (U, "no_urine")),
    ("the bleeding has stopped but I felt dizzy on my run", (U, "dizzy")),
    # Emergency wins over urgent, wherever it comes in the message.
    ("fever since yesterday and now chest pain", (E, "chest_pain")),
    # --- Contact APEX: low mood, anxiety, not coping ----------------------------------------
    ("I'm really struggling and feel so low, I can't cope", (A, "low_mood")),
    ("I feel so anxious all the time", (A, "low_mood")),
    ("I feel like a bad mom", (A, "low_mood")),
    ("I feel empty", (A, "low_mood")),
    ("I've been crying every day and I don't know why", (A, "low_mood")),
    ("I had a panic attack last night", (A, "low_mood")),
    ("I think I might have postpartum depression", (A, "low_mood")),
    ("I don't feel anything for my baby", (A, "low_mood")),
    ("I feel so overwhelmed and alone", (A, "low_mood")),
    ("my mood has been really low since the birth", (A, "low_mood")),
    ("I've never felt so alone", (A, "low_mood")),
    ("I'm not coping", (A, "low_mood")),
    # Thoughts of harm outrank low mood in the same message.
    ("I feel so low, sometimes I want to die", (E, "harm_thoughts")),
    # --- Must not trigger: negations -------------------------------------------------------
    ("no chest pain", None),
    ("I don't have a fever", None),
    ("not bleeding much anymore", None),
    ("I never had a seizure", None),
    ("no bleeding, no dizziness, feeling great", None),
    ("haven't had any chest pain or dizziness", None),
    ("no sign of a fever", None),
    ("nope, no dizziness or headaches", None),
    ("not dizzy at all now", None),
    ("no pain in my chest", None),
    ("no fever, temp 37.5", None),
    ("my temperature is under 38", None),
    ("the bleeding has stopped completely", None),
    ("I haven't fainted", None),
    ("not feeling faint any more", None),
    ("no bleeding or dizziness", None),
    ("scar isn't red or weeping", None),
    ("No chest pain or shortness of breath at rest", None),
    ("I don't think I have a fever", None),
    # --- Must not trigger: everyday running chat -------------------------------------------
    ("my fitness is coming back", None),
    ("I'm getting fit again!", None),
    ("bought a new running outfit", None),
    ("feverfew tea before bed", None),
    ("I'm breathing hard after the run, normal?", None),
    # Out of breath after running is normal effort; only "at rest" / "even ..." escalates.
    ("out of breath after my first run, is that ok?", None),
    ("I'm a bit out of breath on hills", None),
    ("heart racing after the intervals, then it settled", None),
    ("legs are sore after the run", None),
    ("did my warm up and my legs felt good", None),
    ("did a tempo run for 38 minutes", None),
    ("it was 39 degrees today, ran early", None),
    ("never felt better!", None),
    ("had a fizzy drink after", None),
    ("mummy tummy is still there but no pain", None),
    ("no pain, no leaking, no heaviness", None),
    ("I would love to run a 5k", None),
    ("negative splits on my run, scar feels fine", None),
    ("I'm so confused about which phase I'm in", None),
    ("sweaty and hot after my run", None),
    ("chest day at the gym went well", None),
    ("what should I eat before a run?", None),
    ("I feel fine, no symptoms at all", None),
    ("I was worried about blood clots but the midwife checked and all is fine", None),
    ("a bit sore after running up hills", None),
    ("I hurt myself on my run, twisted my ankle", None),
    ("painted the nursery today, legs tired", None),
    ("couldn't breathe through my nose, hay fever", None),
    ("Hot bath for my legs after, lovely", None),
    ("puffy eyes in the morning", None),
    ("it was a hot run, my calves are tight", None),
    ("heart was pounding on the hill sprints", None),
    ("my tummy still looks pregnant", None),
    ("had a stitch under my right ribs while running", None),
    ("I don't have a fever or any chest pain", None),
    # --- Must not trigger: tired, low on energy, exercise breathlessness, near misses ---------
    ("I'm so tired after the run", None),
    ("feeling low on energy today", None),
    ("I'm a bit anxious about my first run back", None),
    ("my baby cries all the time", None),
    ("low impact workout today", None),
    ("tears of joy at the finish line", None),
    ("I'm dying on these hills lol", None),
    ("I don't feel sad, just tired", None),
    ("I'm not depressed, just busy", None),
    ("my mood isn't low at all", None),
    ("short of breath after my run", None),
    ("short of breath when I run up hills", None),
    ("a bit breathless on the treadmill today", None),
    ("winded after the sprints, recovered fast", None),
    ("I winged my first run and loved it", None),
    ("I might have overdone it on the hills, legs tired", None),
    ("did my breathing exercises lying down", None),
    ("I don't feel faint anymore", None),
    ("my stomach feels empty before a morning run", None),
    ("had chilis for dinner", None),
    # --- Contact APEX: pelvic health in her words (the screening's buttons) ------------------
    ("I leak when I run", (A, "leaking")),
    ("I leaked a bit during my run today", (A, "leaking")),
    ("I pee a little when I jump", (A, "leaking")),
    ("I peed myself laughing at my husband", (A, "leaking")),
    ("some leakage when I cough or sneeze", (A, "leaking")),
    ("I can't hold in wind when I run", (A, "leaking")),
    ("when I need to pee I can't hold it", (A, "urgency")),
    ("I barely make it to the bathroom", (A, "urgency")),
    ("there's a heavy dragging feeling down there", (A, "heaviness")),
    ("I can feel a bulge", (A, "heaviness")),
    ("feels like something is falling out when I jog", (A, "heaviness")),
    ("my pelvic floor feels heavy after running", (A, "heaviness")),
    ("it hurts during sex", (A, "sex_pain")),
    ("sex is still painful since the birth", (A, "sex_pain")),
    ("I can't fully empty my bowels", (A, "bowel")),
    ("my tummy domes when I sit up", (A, "tummy")),
    ("there's a 2 finger gap in my abs", (A, "tummy")),
    ("pain in my pelvis when I run", (A, "pelvic_pain")),
    ("my pubic bone hurts when I walk", (A, "pelvic_pain")),
    ("still bleeding at 10 weeks postpartum", (A, "late_bleeding")),
    ("I'm 4 months postpartum and spotting", (A, "late_bleeding")),
    # The more serious sign wins, in the same message or in the same words.
    ("I completely lost control of my bladder", (U, "lost_control")),
    ("I suddenly wet myself completely", (U, "lost_control")),
    ("heavy bleeding and a heavy feeling down there", (E, "heavy_bleeding")),
    ("still bleeding at 10 weeks and I feel faint", (E, "bleed_faint")),
    ("I leak when I run and I have a fever", (U, "fever")),
    # Everyday running and baby chat: no alert, no hold.
    ("No leaking, heaviness or pain", None),  # her answer to the check-in question
    ("no pain or leaking but a little heaviness", (A, "heaviness")),
    ("no leaking today!", None),
    ("I didn't leak at all", None),
    ("I've stopped leaking when I run", None),
    ("my baby leaked through her diaper", None),
    ("my water bottle leaked", None),
    ("I leak milk when I run", None),
    ("heavy legs after the run", None),
    ("felt heavy and slow", None),
    ("did my pelvic floor squeezes and some heavy lifting", None),
    ("sex is fine now", None),
    ("sex doesn't hurt anymore", None),
    ("the baby pooped", None),
    ("the baby is straining to poo", None),
    ("running makes me need to pee before I go", None),
    ("I always need a pee before a run", None),
    ("still bleeding a little at 3 weeks", None),
    ("my hips are sore after the run", None),
    # Everyday words one letter from a sign's word: "getting" is not "wetting", "leaving" not
    # "leaking", "coming" not "doming", "toning" not "coning", "sprinting" not "splinting".
    ("I'm getting myself ready for my run", None),
    ("I was leaving for my run", None),
    ("I'm coming for a run tomorrow", None),
    ("toning exercises for my tummy", None),
    ("did some sprinting drills", None),
    # --- Known to come out wrong (see ACCEPTED) --------------------------------------------
    ("feeling dizy", (U, "dizzy")),
    ("my calf really hurts", (U, "leg")),
    ("I measured 38.6 this morning", (U, "fever")),
    ("my chest is sore from breastfeeding", None),
    ("my baby had a fever last week but she's fine now", None),
    ("legs red from the cold wind", None),
    ("I don't want to be here at 5am running lol", None),
    ("no energy dizzy", (U, "dizzy")),
    ("I never get headaches but this one won't go away", (U, "headache")),
    ("can't cope with these hills lol", None),
    ("my lower back hurts when I run", (A, "pelvic_pain")),
    ("a weird feeling down there", None),
]

# Rows that come out differently from their label, accepted for now, and why.
ACCEPTED: dict[str, str] = {
    "feeling dizy": "typos are matched only on words of 5+ letters; 'dizy' has 4",
    "my calf really hurts": "pain alone in a leg is not listed: sore legs after a run are normal; "
                            "red, swollen, hot or warm escalates",
    "I measured 38.6 this morning": "a bare number needs a temperature word (temp, fever, "
                                    "thermometer) near it, or '39 degrees' weather would trigger",
    "my chest is sore from breastfeeding": "over-trigger accepted: 'sore chest' must stay an emergency",
    "my baby had a fever last week but she's fine now": "over-trigger accepted (urgent): the net "
                                                        "cannot tell whose symptom it is",
    "legs red from the cold wind": "over-trigger accepted (urgent): a red leg is a sign; the net "
                                   "does not know why it is red",
    "I don't want to be here at 5am running lol": "over-trigger accepted (emergency): thoughts-of-"
                                                  "harm phrases are never softened by context",
    "no energy dizzy": "a run-on negation with no punctuation hides the next few words",
    "I never get headaches but this one won't go away": "'this one' refers back to a negated "
                                                        "headache; the net reads no references",
    "can't cope with these hills lol": "over-trigger accepted (contact APEX, a kind word): "
                                       "'can't cope' is not softened by what follows",
    "my lower back hurts when I run": "back ache is not read from her words: 'my back is "
                                      "killing me from carrying him' is every day; the "
                                      "screening's button asks about low-back pain",
    "a weird feeling down there": "over-trigger accepted (contact APEX, a kind word): "
                                  "'feeling down' is low mood, and a `harmless` 'feeling down "
                                  "there' would also silence 'a heavy feeling down there'",
}


def _predicted(text: str) -> tuple[str, str] | None:
    hit = scan(text, BOOK)
    return None if hit is None else (hit.level, hit.sign_id)


@pytest.mark.parametrize(("text", "expected"), [r for r in TABLE if r[0] not in ACCEPTED])
def test_row(text: str, expected: tuple[str, str] | None) -> None:
    assert _predicted(text) == expected


@pytest.mark.parametrize("text", sorted(ACCEPTED))
def test_accepted_rows_still_differ(text: str) -> None:
    """If one of these starts coming out right, take it off ACCEPTED."""
    expected = dict(TABLE)[text]
    assert _predicted(text) != expected, ACCEPTED[text]


def test_table_is_large_and_labelled() -> None:
    texts = [t for t, _ in TABLE]
    assert len(texts) >= 60
    assert len(set(texts)) == len(texts), "a row is listed twice"
    assert set(ACCEPTED) <= set(texts)
    ids = {s.id: s.level for s in BOOK.files[0].signs}
    for _, expected in TABLE:
        if expected is not None:
            assert ids[expected[1]] == expected[0]
    assert {e[1] for _, e in TABLE if e} == set(ids), "every sign has at least one row"


def _scores() -> dict[str, float]:
    rows = [(expected, _predicted(text)) for text, expected in TABLE]
    scores: dict[str, float] = {"rows": len(rows)}
    for level in (E, U, A):
        wanted = [p for e, p in rows if e and e[0] == level]
        flagged = [e for e, p in rows if p and p[0] == level]
        scores[f"recall_{level}"] = sum(1 for p in wanted if p and p[0] == level) / len(wanted)
        scores[f"precision_{level}"] = sum(1 for e in flagged if e and e[0] == level) / len(flagged)
    hits = [(e, p) for e, p in rows if p]
    scores["precision"] = sum(1 for e, p in hits if e and e[0] == p[0]) / len(hits)
    signs = [(e, p) for e, p in rows if e]
    scores["recall"] = sum(1 for e, p in signs if p and p[0] == e[0]) / len(signs)
    scores["sign_exact"] = sum(1 for e, p in signs if p == e) / len(signs)
    return scores


def test_precision_and_recall() -> None:
    scores = _scores()
    summary = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in scores.items())
    print(f"\nsafety net over the table: {summary}")
    assert scores["recall_emergency"] == 1.0, summary
    assert scores["precision"] >= 0.9, summary
    assert scores["recall"] >= 0.9, summary
    assert scores["recall_apex"] >= 0.9 and scores["precision_apex"] >= 0.9, summary


def test_the_spanish_book_changes_no_english_row() -> None:
    """Reading every message with the Spanish book too (accents folded, its typos, its
    negation) leaves every English row as the English book alone reads it."""
    changed = [t for t, _ in TABLE if scan(t, BOOK) != scan(t, ENGLISH)]
    assert changed == []


# --- The rules, one by one ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "hit"), [
    ("had a fit", True), ("having a fit", True), ("my fitness is back", False),
    ("new outfit", False), ("fit and well", False), ("fever", True), ("feverfew", False),
    ("feverish", True), ("I'm fevery", True),
])
def test_whole_words_only(text: str, hit: bool) -> None:
    assert (scan(text, BOOK) is not None) is hit


@pytest.mark.parametrize("text", [
    "Can't breathe", "Can’t breathe", "CANT BREATHE", "can t breathe", "cannot breathe",
    "can not breathe", "can't   breathe!!", "can't\tbreathe", "ＣＡＮ’Ｔ ＢＲＥＡＴＨＥ",
    "can't breathhhhhe", "cant brethe", "cant braeth",
])
def test_normalised_forms_match(text: str) -> None:
    assert scan(text, BOOK) == Hit("emergency", "breathing")


@pytest.mark.parametrize(("text", "fever"), [
    ("temperature of 38.5", True), ("temp 39", True), ("fever 38", True), ("temp is 38", True),
    ("temperature was up to 38.1C", True), ("temp 100.4", True), ("temp 101 f", True),
    ("38.5 temperature", True), ("temp 38°C", True), ("temp 37.2", False), ("temp 37.9", False),
    ("temp 99.5F", False), ("temperature below 38", False), ("temp not over 38", False),
    ("temp normal 36.8", False), ("38.5 on my watch", False), ("temp fine. ran 39 minutes", False),
    ("no temp of 39", False),
])
def test_temperatures(text: str, fever: bool) -> None:
    assert (scan(text, BOOK) == Hit("urgent", "fever")) is fever


@pytest.mark.parametrize(("text", "hit"), [
    ("no chest pain", False), ("no more chest pain", False), ("not any chest pain", False),
    ("chest pain? no", True),  # a negation after the sign hides nothing
    ("no fever; chest pain", True), ("no fever - chest pain", True), ("no fever\nchest pain", True),
    ("no fever so chest pain", True), ("no fever apart from chest pain", True),
    ("no energy at all and chest pain", True), ("I'm not sleeping, chest pain", True),
    ("I have no idea what this chest pain is", True), ("no clue why chest hurts", True),
    ("I can't walk without feeling dizzy", True), ("never had a headache this bad, worst ever", True),
])
def test_negation_reach(text: str, hit: bool) -> None:
    assert (scan(text, BOOK) is not None) is hit


@pytest.mark.parametrize(("text", "hit"), [
    ("short of breath", True), ("I'm out of breath", True), ("breathless", True),
    ("short of breath after my run", False), ("out of breath on the hills", False),
    ("short of breath. I ran yesterday.", True),  # another sentence explains nothing
    ("short of breath since the birth, my midwife said to wait before I start to run", True),
    ("I haven't run at all and I'm short of breath", True),  # a negated run explains nothing
    ("short of breath on my runing", True),  # `unless` words never match a typo
    ("short of breath on my run, even sitting down now", True),  # "even ..." always counts
    ("out of breath at rest after my run", True),
    ("no shortness of breath after the run", False), ("not short of breath", False),
])
def test_weak_phrases_count_unless_exercise_explains_them(text: str, hit: bool) -> None:
    assert (Hit("emergency", "breathing") in scan_all(text, BOOK)) is hit


@pytest.mark.parametrize(("text", "hit"), [
    ("I don't feel faint", False), ("I didn't feel dizzy", False), ("I stopped having fits", False),
    ("I haven't been feeling low", False), ("I feel faint", True),
])
def test_a_sign_starting_inside_a_negation_cue_is_hidden(text: str, hit: bool) -> None:
    assert (scan(text, BOOK) is not None) is hit


@pytest.mark.parametrize("text", ["café", "naïve", "Zoë", "résumé", "façade", "ﬁt", "Ｃａｆé"])
def test_accents_are_folded_for_every_language(text: str) -> None:
    folded = tokens(text)
    assert len(folded) == 1 and folded[0].isascii()
    assert tokens("Respiración, PECHO; convulsión — dolor de cabeza") == [
        "respiracion", ",", "pecho", ";", "convulsion", "-", "dolor", "de", "cabeza"]


def test_emergency_wins_over_urgent_and_scan_all_lists_every_sign() -> None:
    text = "dizzy and a fever, and now chest pain"
    assert scan(text, BOOK) == Hit("emergency", "chest_pain")
    assert scan_all(text, BOOK) == (Hit("emergency", "chest_pain"), Hit("urgent", "dizzy"),
                                    Hit("urgent", "fever"))
    assert scan_all("I can't cope, dizzy and feverish", BOOK) == (
        Hit("urgent", "dizzy"), Hit("urgent", "fever"), Hit("apex", "low_mood"))
    # One hit per sign, whichever books find it: "fiebre" and "fever" are one sign.
    assert scan_all("fiebre, fever", BOOK) == (Hit("urgent", "fever"),)
    assert scan_all("", BOOK) == ()
    assert scan("", BOOK) is None
    assert scan("!!! ... ???", BOOK) is None


@pytest.mark.parametrize("file", BOOK.files, ids=lambda f: f.language)
def test_every_phrase_in_the_book_triggers_its_sign(file: PhraseFile) -> None:
    """Whatever staff add must still be found, in every book: each phrase, each weak phrase on
    its own, and one entry from each `together` list."""
    for sign in file.signs:
        samples = [" ".join(w for w in words_of(p) if w != STAR) for p in sign.phrases + sign.weak]
        if sign.together:
            samples.append(" ".join(group[0] for group in sign.together))
            samples.append(" ".join(group[-1] for group in sign.together))
        for sample in samples:
            assert Hit(sign.level, sign.id) in scan_all(sample, BOOK), (sign.id, sample)


def test_tokens() -> None:
    assert tokens("I can’t — won't; do not!") == ["i", "cant", "-", "wont", ";", "dont", "!"]
    assert tokens("Temp 38,5°C & dizzzzy") == ["temp", "38.5", "c", "and", "dizzy"]
    assert words_of("pain in * chest") == ("pain", "in", STAR, "chest")


def test_scan_is_pure() -> None:
    text = "bleeding heavily and dizzy"
    before = [f.model_dump() for f in BOOK.files]
    assert {scan(text, BOOK) for _ in range(5)} == {Hit("emergency", "heavy_bleeding")}
    assert [f.model_dump() for f in BOOK.files] == before
    assert load_phrases() == BOOK  # the compiled matchers do not make two equal books differ
    assert load_phrases() != ENGLISH
    with pytest.raises(ValidationError, match="frozen"):
        BOOK.files[0].version = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        BOOK.files = ()  # type: ignore[misc]


def test_every_language_is_read() -> None:
    assert PHRASE_FILES == (PHRASES_FILE, PHRASES_FILE_ES)
    assert [f.language for f in BOOK.files] == ["en", "es"]
    assert BOOK.names == ("content/safety_phrases.toml", "content/safety_phrases.es.toml")
    assert scan("no puedo respirar", BOOK) == Hit("emergency", "breathing")
    assert scan("no puedo respirar", ENGLISH) is None


def test_a_long_message_scans_fast() -> None:
    filler = ("Went for my run today, 1 minute run 1 minute walk, felt strong. Baby slept well, "
              "legs a bit tired, no leaking, did my pelvic floor squeezes and some bridges. ")
    text = (filler * 40)[:3950] + " and chest pain"
    assert len(text) >= 4000 - 60
    assert scan(text, BOOK) == Hit("emergency", "chest_pain")
    times = []
    for _ in range(200):
        start = time.perf_counter()
        scan(text, BOOK)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"\nscan of a {len(text)}-character message: median {median * 1000:.3f} ms, "
          f"max {max(times) * 1000:.3f} ms over {len(times)} runs")
    assert median < 0.01  # generous for a loaded CI machine; typical is well under 1 ms


# --- The book and its loader ----------------------------------------------------------------


@pytest.mark.parametrize("file", BOOK.files, ids=lambda f: f.language)
def test_every_book_covers_every_warning_sign(file: PhraseFile) -> None:
    """Emergency, urgent and low mood are required (check_against); the contact-APEX signs
    of the screening's buttons are optional there, but both books have them all."""
    required = {s.id: s.level for s in CONTENT.signs if s.level in (E, U) or not s.listed}
    assert required["low_mood"] == A  # only her words can show it: it is no button
    every = {s.id: s.level for s in CONTENT.signs}
    assert {s.id: s.level for s in file.signs} == every
    assert set(file.sign_ids("apex")) == {s.id for s in CONTENT.signs if s.level == A}
    assert file.sign_ids("emergency") == tuple(s.id for s in CONTENT.signs if s.level == E)
    BOOK.check_against(CONTENT.signs)


def test_check_against_names_a_missing_sign() -> None:
    data = _data()
    data["signs"] = [s for s in data["signs"] if s["id"] != "dizzy"]
    book = PhraseFile.model_validate(data)
    wanted = r"content/safety_phrases\.toml: signs: no phrases for \['dizzy'\]"
    with pytest.raises(ContentError, match=wanted):
        book.check_against(CONTENT.signs)


def test_check_against_needs_low_mood_but_no_other_apex_sign() -> None:
    data = _data()
    data["signs"] = [s for s in data["signs"] if s["id"] != "low_mood"]
    with pytest.raises(ContentError, match=r"no phrases for \['low_mood'\]"):
        PhraseFile.model_validate(data).check_against(CONTENT.signs)
    # The screening's contact-APEX signs may be left out...
    listed = {s.id for s in CONTENT.signs if s.level == A and s.listed}
    data = _data()
    data["signs"] = [s for s in data["signs"] if s["id"] not in listed]
    PhraseFile.model_validate(data).check_against(CONTENT.signs)
    # ... and a listed contact-APEX sign may have phrases, at its own level.
    data["signs"].append({"id": "leaking", "level": "apex", "phrases": ["leaking"]})
    PhraseFile.model_validate(data).check_against(CONTENT.signs)
    data["signs"][-1]["level"] = "urgent"
    with pytest.raises(ContentError, match=r"signs\.leaking\.level: 'urgent', but the sign is 'apex'"):
        PhraseFile.model_validate(data).check_against(CONTENT.signs)
    data["signs"][-1]["id"] = "made_up"
    with pytest.raises(ContentError, match=r"\['made_up'\] are not warning signs"):
        PhraseFile.model_validate(data).check_against(CONTENT.signs)


def test_check_against_names_the_book() -> None:
    import tomllib

    data = tomllib.loads(PHRASES_FILE_ES.read_text(encoding="utf-8"))
    data["signs"] = [s for s in data["signs"] if s["id"] != "seizure"]
    book = PhraseBook((BOOK.files[0], PhraseFile.model_validate(data)))
    wanted = r"content/safety_phrases\.es\.toml: signs: no phrases for \['seizure'\]"
    with pytest.raises(ContentError, match=wanted):
        book.check_against(CONTENT.signs)


def _data() -> dict:
    import tomllib

    return tomllib.loads(PHRASES_FILE.read_text(encoding="utf-8"))


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = PHRASES_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "safety_phrases.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "message"), [
    ('id = "fever"\nlevel = "urgent"\n', 'id = "fever"\nlevel = "urgent"\ncolour = "red"\n',
     r"signs\.fever\.colour: Extra inputs are not permitted"),
    ('  "fever", "fevers",', '  "!!!", "fevers",', r"signs\.fever\.phrases: phrase '!!!' has no words"),
    ('  "fever", "fevers",', '  "* fever", "fevers",',
     r"signs\.fever\.phrases: phrase '\* fever' may not start"),
    ('  "fever", "fevers",', '  "fever", "Fever!",',
     r"signs\.fever\.phrases: phrase 'Fever!' is listed twice"),
    ('id = "dizzy"\nlevel = "urgent"\n', 'id = "dizzy"\nlevel = "severe"\n',
     r"signs\.dizzy\.level: Input should be"),
    ('language = "en"', 'language = "English"', r"language: String should match pattern"),
    ('["chest"],', '["chest"], [],', r"signs\.chest_pain\.together\[1\]: Value should have at least 1 item"),
    ('"but", "although"', '"but but", "although"', r"negation\.stops: 'but but' must be one word"),
    ('  "dizzy", "dizziness", "lightheaded"', '  "dizzy", "fever", "dizziness", "lightheaded"',
     r"signs\.dizzy\.phrases: 'fever' is already listed under signs\.fever"),
    ('sign = "fever"', 'sign = "temperature"', r"temperature\.sign: 'temperature' is not a sign here"),
    ("reach = 3", 'reach = "far"', r"negation\.reach: Input should be a valid integer"),
    ('id = "dizzy"\n', 'id = "dizzy"\nwithin = 0\n', r"signs\.dizzy\.within: Input should be greater"),
    ('id = "seizure"', 'id = "Seizure!"', r"signs\.Seizure!\.id: String should match pattern"),
    ('id = "dizzy"', 'id = "fever"', r"signs: duplicate ids \['fever'\]"),
])
def test_loader_error_names_the_file_and_the_entry(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(ContentError, match=rf"^{re.escape(str(path))}: {message}"):
        load_phrases(path)


def test_weak_phrases_need_unless() -> None:
    data = _data()
    breathing = next(s for s in data["signs"] if s["id"] == "breathing")
    breathing["unless"] = []
    with pytest.raises(ValidationError, match="`weak` and `unless` go together"):
        PhraseFile.model_validate(data)


def test_loader_error_for_a_missing_or_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"nothing\.toml: file is missing"):
        load_phrases(tmp_path / "nothing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("version = \n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"bad\.toml: Invalid value"):
        load_phrases(bad)
