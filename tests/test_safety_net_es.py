"""The safety net in Spanish: what a Spanish-speaking mother in the US types, as a labelled table.

Every message is read with every book (English and Spanish), as in production, so the table
also holds rows that mix the two. The table is scored: recall and precision for emergency, for
urgent and for contact APEX (low mood and the pelvic-health signs), printed by
test_precision_and_recall (run with -s to see them), and every row is also checked on its own,
except the few in ACCEPTED, which are known to come out wrong and say why. The Spanish rules
(accents, negation, "no puedo") follow the table.
"""

from __future__ import annotations

from typing import Final

import pytest

from bot.core.signs import PHRASES_FILE_ES, Hit, load_phrases, scan, scan_all

BOOK = load_phrases()  # every book, as the bot reads messages
SPANISH = load_phrases(PHRASES_FILE_ES)  # the Spanish book alone

E: Final = "emergency"
U: Final = "urgent"
A: Final = "apex"

# (text, expected: (level, sign id) or None)
TABLE: list[tuple[str, tuple[str, str] | None]] = [
    ("mi bebé no respira", (E, "baby_danger")),
    ("no puedo parar de sangrar", (E, "heavy_bleeding")),
    ("no deja de salir sangre", (E, "heavy_bleeding")),
    ("me duele la pantorrilla y está caliente", (U, "leg")),
    ("el bebe se puso morado", (E, "baby_danger")),
    ("mi bebé tiene fiebre", (E, "baby_danger")),
    ("mi bebé se durmió temprano", None),
    # --- Emergencia, en palabras sencillas (con y sin acentos) -----------------------------------
    ("Tengo un dolor en el pecho muy fuerte", (E, "chest_pain")),
    ("me duele el pecho cuando respiro hondo", (E, "chest_pain")),
    ("siento el pecho apretado desde la mañana", (E, "chest_pain")),
    ("siento como un peso en el pecho", (E, "chest_pain")),
    ("me duele el pecho y el brazo izquierdo", (E, "chest_pain")),
    ("No puedo respirar", (E, "breathing")),
    ("no puedo respirar bien, me ahogo", (E, "breathing")),
    ("casi no puedo respirar", (E, "breathing")),
    ("me cuesta mucho trabajo respirar", (E, "breathing")),
    ("me falta el aire aunque estoy sentada", (E, "breathing")),
    ("me falta el aire subiendo las escaleras", (E, "breathing")),
    ("me falta el aire", (E, "breathing")),
    ("tengo los labios morados", (E, "breathing")),
    ("respiro con dificultad desde anoche", (E, "breathing")),
    ("se me cierra la garganta", (E, "breathing")),
    ("me dio una convulsión", (E, "seizure")),
    ("tuve una convulcion en la mañana", (E, "seizure")),
    ("mi esposa tuvo una convulsión, soy su esposo", (E, "seizure")),
    ("quiero morirme", (E, "harm_thoughts")),
    ("a veces pienso en hacerle daño a mi bebé", (E, "harm_thoughts")),
    ("ya no quiero estar aquí", (E, "harm_thoughts")),
    ("siento que todos estarían mejor sin mí", (E, "harm_thoughts")),
    ("a veces pienso en quitarme la vida", (E, "harm_thoughts")),
    ("a veces quisiera no despertar", (E, "harm_thoughts")),
    ("me desmayé en la regadera", (E, "collapse")),
    ("me desmaye cuando me levante de la cama", (E, "collapse")),
    ("perdí el conocimiento unos segundos", (E, "collapse")),
    ("estoy sangrando mucho y empapo una toalla cada hora", (E, "heavy_bleeding")),
    ("me salen coágulos del tamaño de un huevo", (E, "heavy_bleeding")),
    ("me salen coagulos grandes", (E, "heavy_bleeding")),
    ("el sangrado no para", (E, "heavy_bleeding")),
    ("estoy sangrando y me siento mareada", (E, "bleed_faint")),
    ("sangrado y el corazón me late muy rápido", (E, "bleed_faint")),
    ("tengo un dolor de panza horrible que no se me quita", (E, "belly_pain")),
    ("dolor de estomago muy fuerte desde hace horas", (E, "belly_pain")),
    ("oigo voces", (E, "confusion")),
    ("me siento muy confundida y no sé dónde estoy", (E, "confusion")),
    ("veo cosas que no estan", (E, "confusion")),
    # --- Emergencia: negaciones que no deben esconderla --------------------------------------
    ("No tengo fiebre pero no puedo respirar", (E, "breathing")),
    ("no sé por qué pero me duele el pecho", (E, "chest_pain")),
    ("nunca había tenido un dolor de pecho así", (E, "chest_pain")),
    ("no tengo fiebre, solo dolor en el pecho", (E, "chest_pain")),
    ("ya no puedo respirar", (E, "breathing")),
    # Thoughts of harm are never negated: said out of the blue, it is often how they show.
    ("yo nunca le haría daño a mi bebé pero tengo pensamientos horribles", (E, "harm_thoughts")),
    # --- Emergencia: inglés y español en el mismo mensaje ------------------------------------
    ("tengo chest pain desde ayer", (E, "chest_pain")),
    ("I can't breathe, ayuda", (E, "breathing")),
    # --- Urgente -------------------------------------------------------------------------------
    ("tengo fiebre", (U, "fever")),
    ("tengo 38.5 de temperatura", (U, "fever")),
    ("el termómetro marcó 101", (U, "fever")),
    ("tengo escalofrios y calentura", (U, "fever")),
    ("tengo temperatura desde anoche", (U, "fever")),
    ("el flujo huele muy feo", (U, "discharge")),
    ("el sangrado tiene mal olor", (U, "discharge")),
    ("la herida de la cesárea está supurando", (U, "wound")),
    ("la cicatriz esta roja y caliente", (U, "wound")),
    ("tengo la pantorrilla hinchada y roja", (U, "leg")),
    ("tengo una pierna más hinchada que la otra", (U, "leg")),
    ("tengo dolor de cabeza que no se me quita desde hace tres días", (U, "headache")),
    ("veo borroso y me duele la cabeza", (U, "headache")),
    ("me duele la cabeza y veo lucecitas", (U, "headache")),
    ("me duele debajo de las costillas del lado derecho", (U, "rib_pain")),
    ("se me hincharon la cara y las manos de repente", (U, "swelling")),
    ("estoy mareada", (U, "dizzy")),
    ("me siento mareada todo el dia", (U, "dizzy")),
    ("no puedo hacer pipí desde la mañana", (U, "no_urine")),
    ("no he podido orinar en todo el día", (U, "no_urine")),
    ("de repente perdí el control de la vejiga", (U, "lost_control")),
    ("no tengo fiebre pero estoy muy mareada", (U, "dizzy")),
    ("tengo fever y chills", (U, "fever")),
    # Emergency wins over urgent, wherever it comes in the message.
    ("tengo fiebre y ahora me duele el pecho", (E, "chest_pain")),
    # --- Contacto con APEX: ánimo bajo, ansiedad, no poder más -------------------------------
    ("me siento muy triste y lloro todo el tiempo", (A, "low_mood")),
    ("no puedo más, estoy agotada", (A, "low_mood")),
    ("siento que soy una mala madre", (A, "low_mood")),
    ("tengo ataques de pánico", (A, "low_mood")),
    ("me siento sola y no tengo ganas de nada", (A, "low_mood")),
    ("creo que tengo depresion posparto", (A, "low_mood")),
    ("tengo mucha ansiedad todo el tiempo", (A, "low_mood")),
    ("me siento vacía", (A, "low_mood")),
    ("no siento nada por mi bebé", (A, "low_mood")),
    ("ando bien deprimida", (A, "low_mood")),
    ("estoy agotada, lloro a cada rato", (A, "low_mood")),
    ("el bebé no me deja dormir y estoy desesperada", (A, "low_mood")),
    # --- No debe activarse: negaciones ---------------------------------------------------------
    ("no tengo dolor de pecho", None),
    ("no tengo fiebre", None),
    ("ya no sangro tanto", None),
    ("no me he desmayado", None),
    ("sin mareos ni dolor de cabeza", None),
    ("no tengo fiebre ni escalofríos", None),
    ("no me duele la cabeza", None),
    ("no tengo nada de dolor", None),
    ("No tengo dolor de pecho ni me falta el aire", None),
    ("el sangrado ya paró", None),
    ("no tengo temperatura, 37.2", None),
    ("mi temperatura está por debajo de 38", None),
    ("nunca he tenido convulsiones", None),
    ("no estoy triste, solo cansada", None),
    ("no tengo fiebre así que salí a correr", None),
    ("no tengo fever", None),
    # --- No debe activarse: correr, el bebé, la vida diaria ------------------------------------
    ("hoy corrí 20 minutos y me sentí muy bien", None),
    ("qué debo comer antes de correr?", None),
    ("estoy cansada después de correr", None),
    ("le doy pecho al bebé antes de salir a correr", None),
    ("me duele el pecho de amamantar", None),
    ("mi bebé tiene cólicos y no me deja dormir", None),
    ("hice mis ejercicios de respiración acostada", None),
    ("de hecho me siento mejor", None),
    ("estoy ansiosa por correr mañana", None),
    ("qué tristeza que cancelaron la carrera", None),
    ("me dio dolor de caballo en las costillas del lado derecho", None),
    ("en marzo empiezo a correr", None),
    ("por suerte ya no me duele la panza", None),
    ("estoy lista para la fase 3", None),
    ("hacía mucho calor hoy, 39 grados", None),
    ("no puedo respirar por la nariz, tengo alergia", None),
    ("me quedé sin aire después de correr", None),
    ("me falta el aire en las subidas", None),
    ("empapé la toalla de sudor", None),
    ("las piernas me duelen después de la carrera", None),
    ("hice sentadillas y puentes, todo bien", None),
    ("el bebé lloró toda la noche jaja", None),
    ("me siento fuerte y con energía", None),
    ("tengo un poco de sueño hoy", None),
    ("salí a trotar con la carriola", None),
    ("no puedo creer que ya corrí 5k", None),
    ("me late el corazón rápido en los sprints", None),
    ("tengo una duda sobre la fase 2", None),
    ("estoy un poco confundida con las fases", None),
    ("mi pierna izquierda está un poco cansada", None),
    ("el bebé está muy inquieto", None),
    # --- Contacto con APEX: el piso pélvico en sus palabras (los botones del cuestionario) ------
    ("se me sale la orina cuando corro", (A, "leaking")),
    ("se me escapa un poquito de pipí cuando toso", (A, "leaking")),
    ("me hago pipí cuando salto", (A, "leaking")),
    ("no alcanzo a llegar al baño", (A, "urgency")),
    ("no aguanto las ganas de hacer pipí", (A, "urgency")),
    ("siento como un peso allá abajo", (A, "heaviness")),
    ("siento que se me sale algo", (A, "heaviness")),
    ("me duele cuando tengo relaciones", (A, "sex_pain")),
    ("me cuesta hacer popó, siento que no termino", (A, "bowel")),
    ("la panza se me abulta en el centro cuando me levanto", (A, "tummy")),
    ("me duele la ingle después de correr", (A, "pelvic_pain")),
    ("sigo sangrando a las 10 semanas", (A, "late_bleeding")),
    # The more serious sign wins.
    ("de repente me oriné", (U, "lost_control")),
    ("se me sale la orina y tengo fiebre", (U, "fever")),
    # Correr, el bebé, la vida diaria: sin alerta.
    ("sin escapes, pesadez ni dolor", None),  # her answer to the check-in question
    ("sentí un poco de pesadez al final", (A, "heaviness")),
    ("ya no se me sale la orina cuando corro", None),
    ("no tuve escapes en la carrera", None),
    ("se me sale la leche cuando corro", None),
    ("tengo ganas de hacer pipí antes de salir a correr", None),
    ("no aguanto las ganas de correr", None),
    ("tengo las piernas pesadas", None),
    ("el sexo está bien", None),
    ("ya no me duele tener relaciones", None),
    ("al bebé le cuesta hacer popó", None),
    ("todavía tengo la panza abultada", None),
    ("hice ejercicios de piso pélvico y me duelen las piernas", None),
    ("sigo sangrando a las 3 semanas", None),
    ("apreté un balón entre las piernas", None),
    # --- Known to come out wrong (see ACCEPTED) -----------------------------------------------
    ("le doy pecho y me duele mucho el pecho", None),
    ("mi bebé tiene fiebre pero ya está bien", None),
    ("me mareo en el carro", None),
    ("la herida de la cesárea se ve fea", (U, "wound")),
]

# Rows that come out differently from their label, accepted for now, and why.
ACCEPTED: dict[str, str] = {
    "le doy pecho y me duele mucho el pecho": "over-trigger accepted (emergency): 'pecho' is both "
                                              "breast and chest; 'me duele el pecho' must stay "
                                              "an emergency",
    "mi bebé tiene fiebre pero ya está bien": "over-trigger accepted (urgent): the net cannot tell "
                                              "whose symptom it is",
    "me mareo en el carro": "over-trigger accepted (urgent): dizziness is a sign; the net does not "
                            "know why",
    "la herida de la cesárea se ve fea": "'looks bad' is too vague to list: 'fea' alone would "
                                         "match too much; red, hot, oozing or open escalates",
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
    assert len(texts) >= 40
    assert len(set(texts)) == len(texts), "a row is listed twice"
    assert set(ACCEPTED) <= set(texts)
    ids = {s.id: s.level for s in SPANISH.files[0].signs}
    for _, expected in TABLE:
        if expected is not None:
            assert ids[expected[1]] == expected[0]
    assert {e[1] for _, e in TABLE if e} == set(ids), "every sign has at least one row"
    assert sum(1 for _, e in TABLE if e is None) >= 20, "near misses are half the point"


def scores(table: list[tuple[str, tuple[str, str] | None]] = TABLE) -> dict[str, float]:
    """Recall and precision per level over the table: a row counts for a level by its level
    alone (a chest pain read as breathing is still an emergency caught)."""
    rows = [(expected, _predicted(text)) for text, expected in table]
    out: dict[str, float] = {"rows": len(rows)}
    for level in (E, U, A):
        wanted = [p for e, p in rows if e and e[0] == level]
        flagged = [e for e, p in rows if p and p[0] == level]
        out[f"{level}_rows"] = len(wanted)
        out[f"recall_{level}"] = sum(1 for p in wanted if p and p[0] == level) / len(wanted)
        out[f"precision_{level}"] = sum(1 for e in flagged if e and e[0] == level) / len(flagged)
    wanted_all = [(e, p) for e, p in rows if e]
    out["sign_exact"] = sum(1 for e, p in wanted_all if p == e) / len(wanted_all)
    return out


def test_precision_and_recall() -> None:
    found = scores()
    summary = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in found.items())
    print(f"\nsafety net over the Spanish table: {summary}")
    for level in (E, U):
        assert found[f"recall_{level}"] >= 0.95, summary
        assert found[f"precision_{level}"] >= 0.9, summary
    assert found[f"recall_{A}"] >= 0.9 and found[f"precision_{A}"] >= 0.9, summary


def test_scores_can_fail() -> None:
    """The scoring itself: a table the net reads wrongly scores low."""
    wrong: list[tuple[str, tuple[str, str] | None]] = [
        ("no tengo fiebre", (U, "fever")), ("tengo fiebre", (U, "fever")),
        ("no puedo respirar", (E, "breathing")), ("hoy corrí 5k", (E, "breathing")),
        ("me siento vacía", (A, "low_mood")), ("tengo fiebre otra vez", None),
    ]
    found = scores(wrong)
    assert found["recall_urgent"] == 0.5 and found["precision_urgent"] == 0.5
    assert found["recall_emergency"] == 0.5 and found["precision_emergency"] == 1.0


# --- The Spanish rules, one by one ------------------------------------------------------------


@pytest.mark.parametrize(("plain", "accented", "hit"), [
    ("no puedo respirar", "no puedo respirár", Hit(E, "breathing")),
    ("me duele el pecho", "me duele el pécho", Hit(E, "chest_pain")),
    ("estoy sangrando mucho", "estoy sangrándo mucho", Hit(E, "heavy_bleeding")),
    ("sangrado abundante", "sangrádo abundánte", Hit(E, "heavy_bleeding")),
    ("me duele la cabeza y veo borroso", "me duele la cabéza y veo borróso", Hit(U, "headache")),
    ("dolor de cabeza que no se quita", "dolor de cabeza que no se quitá", Hit(U, "headache")),
    ("tengo fiebre", "tengo fiébre", Hit(U, "fever")),
    ("tuve una convulsion", "tuve una convulsión", Hit(E, "seizure")),
    ("dificultad para respirar", "dificultád para respirar", Hit(E, "breathing")),
    ("me siento vacia", "me siento vacía", Hit(A, "low_mood")),
    ("hacerle dano a mi bebe", "hacerle daño a mi bebé", Hit(E, "harm_thoughts")),
    ("vertigo", "VÉRTIGO", Hit(U, "dizzy")),
])
def test_accents_are_optional(plain: str, accented: str, hit: Hit) -> None:
    assert scan(plain, BOOK) == scan(accented, BOOK) == hit


@pytest.mark.parametrize(("text", "hit"), [
    # "no" hides what follows...
    ("no tengo dolor de pecho", False), ("no me duele el pecho", False), ("sin fiebre", False),
    ("nunca me he desmayado", False), ("no siento que me falte el aire", False),
    ("ni fiebre ni mareos", False), ("cero mareos", False), ("ya se me quitó el mareo", False),
    ("no estoy mareada, solo cansada", False), ("no tengo nada de dolor de pecho", False),
    # ... but a phrase that starts with "no" is the sign itself, and "no puedo" hides nothing.
    ("no puedo respirar", True), ("casi no puedo respirar", True), ("no logro respirar", True),
    ("no puedo dormir, tengo fiebre", True), ("no puedo caminar sin marearme", True),
    ("no se me quita el dolor de cabeza, llevo días así", True),
    ("el paracetamol no me quita el dolor de cabeza, todo el día", True),
    ("no paro de sangrar", True), ("no sé si es normal pero tengo fiebre", True),
    # A clause ends at a comma, "pero", "y": the next sign is not negated.
    ("no tengo fiebre, me duele el pecho", True), ("no tengo fiebre y me duele el pecho", True),
    # "así" after a sign makes it real; "así que" (so) does not.
    ("nunca había tenido un dolor de cabeza así, no se va", True),
    ("no tengo fiebre así que todo bien", False),
])
def test_spanish_negation(text: str, hit: bool) -> None:
    assert (scan(text, BOOK) is not None) is hit


@pytest.mark.parametrize("text", [
    "no quiero morirme", "nunca pienso en hacerme daño", "no es que quiera desaparecer",
    "sin pensamientos suicidas, creo",
])
def test_thoughts_of_harm_are_never_negated(text: str) -> None:
    assert scan(text, BOOK) == Hit(E, "harm_thoughts")


@pytest.mark.parametrize(("text", "hit"), [
    ("me falta el aire", True), ("me quedo sin aire subiendo las escaleras", True),
    ("me falta el aire sin hacer nada", True), ("me quedé sin aliento sentada en el sillón", True),
    ("me falta el aire cuando corro", False), ("sin aliento después de la carrera", False),
    ("me ahogo en las subidas", False),
    ("me falta el aire en el carro", True),  # "carro" is not a misspelt "corro"
])
def test_breathless_in_spanish_unless_running(text: str, hit: bool) -> None:
    assert (Hit(E, "breathing") in scan_all(text, BOOK)) is hit


@pytest.mark.parametrize("text", [
    "de hecho", "el techo", "en marzo", "por suerte", "una liebre", "la sutura", "estoy lista",
    "la pista", "la talla M", "me da un poco de flojera", "es válido", "tengo un punto",
    "la muerte de mi abuela", "el color", "un dólar", "la fuente", "el asiento del carro",
    "un alimento", "llorosa", "el museo", "el bebé chilla", "a desmano", "chiles rellenos",
])
def test_everyday_words_are_not_misspelt_signs(text: str) -> None:
    assert scan(text, BOOK) is None


def test_misspellings_are_read() -> None:
    assert scan("tengo fiebr", BOOK) == Hit(U, "fever")
    assert scan("me siento mariada", BOOK) == Hit(U, "dizzy")
    assert scan("tuve una combulsion", BOOK) == Hit(E, "seizure")
    assert scan("me duele el pesho y el pecho", BOOK) == Hit(E, "chest_pain")
    assert scan("sangrndo mucho", BOOK) == Hit(E, "heavy_bleeding")


def test_the_spanish_book_alone_reads_the_spanish_rows() -> None:
    """Every Spanish-only row is found by the Spanish book itself, not by luck in English."""
    spanish_only = [(t, e) for t, e in TABLE if e and t not in ACCEPTED
                    and not any(w in t for w in ("chest", "breathe", "fever"))]
    for text, expected in spanish_only:
        hit = scan(text, SPANISH)
        assert hit is not None and (hit.level, hit.sign_id) == expected, text
