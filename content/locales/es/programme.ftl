## Preguntas: la pregunta, su ayuda y el botón de cada opción

question-birth_date = ¿Cuándo nació tu bebé?
    .hint = Mándame la fecha, como 8/14/2026 o 14 de agosto de 2026. O dime hace cuánto, como 9 semanas.

question-red_flags = ¿Tienes alguna de estas ahora mismo? Marca cada una que te pase y luego toca Listo.
    .hint = Si no te pasa ninguna, toca Ninguna de estas.

question-delivery = ¿Cómo nació tu bebé?

option-delivery-vaginal = Parto vaginal

option-delivery-assisted = Asistido (fórceps o ventosa)

option-delivery-planned_cs = Cesárea programada

option-delivery-emergency_cs = Cesárea de emergencia

question-tear = ¿Tuviste un desgarro de tercer o cuarto grado?
    .hint = Si no estás segura, lo dice tu expediente del parto, o te lo puede decir tu ginecólogo/a (OB-GYN) o tu partera.

option-tear-yes = Sí

option-tear-no = No

option-tear-unsure = No estoy segura

question-scar = ¿Cómo está la herida de tu cesárea?

option-scar-healed = Ya sanó, todo bien

option-scar-not_healed = No ha sanado, o me preocupa

option-scar-unsure = No estoy segura

question-check = ¿Ya tuviste tu chequeo posparto?
    .hint = La cita con tu ginecólogo/a (OB-GYN) o partera en las semanas después del parto, casi siempre antes de las 12 semanas.

option-check-cleared = Sí, y me autorizaron ejercicio

option-check-not_cleared = Sí, pero aún no me autorizan

option-check-not_yet = Todavía no lo he tenido

question-pelvic = ¿Y alguna de estas por ahora? Son comunes después de un parto, y vale la pena revisarlas. Marca cada una que te pase y luego toca Listo.
    .hint = Si no te pasa ninguna, toca Ninguna de estas.

question-feeding = ¿Estás dando pecho o sacándote leche?

option-feeding-yes = Sí

option-feeding-no = No

question-sleep = ¿Cómo estás durmiendo estos días?

option-sleep-ok = Me las arreglo

option-sleep-poor = Mal, estoy agotada

question-mood = ¿Cómo ha estado tu ánimo esta última semana?

option-mood-good = Bien, casi siempre

option-mood-up_down = Con altibajos

option-mood-low = Bajo casi todos los días

## Cómo le fue en cada prueba: botones

test-answer-comfortable = Bien, sin molestias

test-answer-fewer = Lo hice, menos de 20

test-answer-symptom = Sentí un síntoma

test-answer-could_not = No pude hacerlo

test-answer-not_tried = No lo intenté

## Lo que sintió en una prueba: botones, y en su resultado después de la prueba ("escapes")

test-symptom-leaking = Escapes

test-symptom-heaviness = Pesadez o presión

test-symptom-pain = Dolor

## Señales de alarma: botones en un teléfono, así que palabras cortas y sencillas

sign-chest_pain = Dolor en el pecho

sign-breathing = Te cuesta respirar o te falta el aire en reposo

sign-seizure = Una convulsión

sign-harm_thoughts = Ideas de hacerte daño a ti o a tu bebé

sign-collapse = Desmayarte o desplomarte

sign-heavy_bleeding = Empapas una toalla sanitaria por hora o coágulos grandes

sign-bleed_faint = Sangrado con sensación de desmayo o corazón acelerado

sign-belly_pain = Dolor fuerte en la barriga que no se quita

sign-confusion = Confundida, o ves u oyes cosas que no están

sign-fever = Fiebre de 100.4 °F (38 °C) o más

sign-discharge = Flujo con mal olor

sign-wound = Herida roja, con pus o que no sana

sign-leg = Pierna roja, hinchada, adolorida o caliente

sign-headache = Dolor de cabeza que no se quita o cambios en la vista

sign-rib_pain = Dolor debajo de las costillas del lado derecho

sign-swelling = Hinchazón repentina de la cara o las manos

sign-dizzy = Mareo

sign-no_urine = No puedes orinar (hacer pipí)

sign-lost_control = De repente no controlas la orina o el popó

sign-leaking = Escapes de pipí, gases o popó

sign-urgency = Ganas de ir al baño difíciles de aguantar

sign-heaviness = Pesadez, algo que jala o un bulto ahí abajo

sign-sex_pain = Dolor al tener relaciones

sign-bowel = Te cuesta hacer popó por completo

sign-tummy = La barriga se abulta en el centro, separación o debilidad

sign-pelvic_pain = Dolor en la pelvis, la espalda baja o la ingle

sign-late_bleeding = Sangrado después de 8 semanas (que no es tu periodo)

sign-low_mood = Triste, ansiosa o sientes que no puedes más

## Pruebas para ver si estás lista: un nombre corto (sin comas) y cómo hacerla

test-walk = Caminata de 30 minutos
    .how = Camina a un paso tranquilo y parejo durante 30 minutos. Para si sientes dolor, pesadez o escapes.

test-balance = Equilibrio en una pierna
    .how = Párate junto a una pared o una silla de la que te puedas agarrar, y mantén el equilibrio en una pierna por 10 segundos; luego en la otra. Para si sientes dolor, pesadez o escapes.

test-squat = Sentadilla en una pierna
    .how = Junto a una pared o una silla, párate en una pierna, dobla esa rodilla hasta donde te sientas firme y vuelve a enderezarte: 10 veces con cada pierna. Para si sientes dolor, pesadez o escapes.

test-jog = Trotar en el lugar
    .how = Trota suave en el lugar durante un minuto. Para si sientes dolor, pesadez o escapes: seguir con escapes cuenta como síntoma.

test-bounds = Saltos largos hacia adelante
    .how = En un espacio despejado, salta hacia adelante desde un pie y cae suave sobre el otro, 10 veces. Para si sientes dolor, pesadez o escapes: seguir con escapes cuenta como síntoma.

test-hop = Saltar en una pierna
    .how = Cerca de una pared o una silla, salta 10 veces en una pierna y luego 10 en la otra. Para si sientes dolor, pesadez o escapes: seguir con escapes cuenta como síntoma.

test-running_man = El corredor (running man)
    .how = Párate en una pierna cerca de una pared o una silla, y sube la otra rodilla junto con el brazo contrario, como al correr: 10 veces de cada lado. Para si sientes dolor, pesadez o escapes: seguir con escapes cuenta como síntoma.

test-calf_raise = Elevación de talón en una pierna
    .how = Apóyate en una pared, párate en una pierna, sube de puntitas y baja despacio. La meta es 20 con cada pierna. Marca "Bien, sin molestias" solo si llegas sin dolor, pesadez ni escapes.

test-bridge = Puente en una pierna
    .how = Acuéstate boca arriba con las rodillas dobladas, levanta un pie y luego sube y baja la cadera. La meta es 20 de cada lado. Marca "Bien, sin molestias" solo si llegas sin dolor, pesadez ni escapes.

test-sit_to_stand = Sentarte y pararte en una pierna
    .how = Desde una silla firme, párate con una sola pierna y vuelve a sentarte despacio, con el otro pie apenas despegado del piso. La meta es 20 de cada lado. Marca "Bien, sin molestias" solo si llegas sin dolor, pesadez ni escapes.

test-leg_lift = Elevación de pierna acostada de lado
    .how = Acuéstate de lado con las piernas estiradas, sube un poco la pierna de arriba y bájala despacio. La meta es 20 de cada lado. Marca "Bien, sin molestias" solo si llegas sin dolor, pesadez ni escapes.

## Fases y sus ejercicios

phase-1 = Reconectar
    .goal = Vuelve a conectar con calma con tu respiración, tu piso pélvico y tu barriga, desde los primeros días.
    .moves_on = Más o menos a partir de las 2 semanas, cuando estos ejercicios te resulten fáciles y no tengas síntomas, pasas a ganar fuerza. Después de una cesárea, eso espera hasta las 6 semanas, y mientras tanto no levantes nada más pesado que tu bebé.

exercise-belly-breathing = Respiración con la barriga
    .reps = 10 respiraciones
    .cue = Inhala para que tus costillas y tu barriga se abran, y luego exhala despacio y deja que vuelvan a su lugar.

exercise-pelvic-floor-long-holds = Apretones largos del piso pélvico
    .reps = hasta 10 apretones de 8 s
    .cue = Aprieta y sube como si aguantaras un gas, y luego suelta por completo. Reparte las series durante el día y ve aumentando poco a poco.

exercise-pelvic-floor-quick-squeezes = Apretones rápidos del piso pélvico
    .reps = 10
    .cue = Aprieta y sube rápido, y luego relaja por completo antes del siguiente.

exercise-pelvic-tilts = Inclinaciones de pelvis
    .reps = 10
    .cue = Acostada boca arriba con las rodillas dobladas, aplana suavemente la espalda baja y luego arquéala. Después de una cesárea, gírate de lado para levantarte.

exercise-short-walk = Caminata corta
    .reps = 10 min
    .cue = A paso tranquilo. Más corta los días que estés cansada, un poco más larga cuando te sientas bien.

phase-2 = Ganar fuerza
    .goal = Fortalecer tus caderas, tus piernas y tu piso pélvico, empezando con el peso de tu cuerpo: tres sesiones por semana en tus días de entrenamiento, con días de descanso entre ellas.
    .moves_on = A partir de las 6 semanas, cuando en tu chequeo posparto te hayan dado el visto bueno, tu herida haya sanado si tuviste cesárea, y las pruebas de caminata, equilibrio y sentadilla se sientan cómodas, pasas a reentrenar para el impacto.

exercise-squats = Sentadillas
    .reps = 10
    .cue = Baja hacia atrás como si te fueras a sentar en una silla, con las rodillas en línea con los pies, y saca el aire al subir.

exercise-sumo-deadlifts = Peso muerto sumo
    .reps = 10
    .cue = Pies bien separados y puntas hacia afuera; dóblate desde la cadera con la espalda larga. Agrega peso solo después de tu chequeo posparto.

exercise-hip-bridges = Puente de cadera
    .reps = 10
    .cue = Saca el aire y sube suavemente tu piso pélvico mientras levantas la cadera.

exercise-step-ups = Subidas al escalón
    .reps = 10 con cada pierna
    .cue = Usa un escalón bajo y firme, y empuja con todo el pie para subir.

phase-3 = Reentrenar para el impacto
    .goal = Preparar tus piernas y tu piso pélvico para correr, una pierna a la vez: tres sesiones por semana en tus días de entrenamiento, con días de descanso entre ellas.
    .moves_on = A partir de las 12 semanas, cuando las siete pruebas de carga e impacto se sientan cómodas (sin dolor, pesadez ni escapes) y, si tuviste cesárea, tu herida haya sanado sin problemas, puedes empezar con intervalos de correr y caminar.

exercise-single-leg-box-squat = Sentadilla en una pierna sobre un cajón
    .reps = 8 con cada pierna
    .cue = Con una sola pierna, siéntate en un cajón o una silla baja y vuelve a pararte; ten una mano cerca de la pared.

exercise-single-leg-bridge-or-romanian-deadlift = Puente en una pierna o peso muerto rumano
    .reps = 8 con cada pierna
    .cue = Mantén la cadera nivelada todo el tiempo, al subir y al bajar.

exercise-single-leg-calf-raise = Elevación de talón en una pierna
    .reps = 10 con cada pierna
    .cue = Sube despacio de puntitas y baja todavía más despacio; apóyate en una pared para no perder el equilibrio.

exercise-step-downs = Bajadas del escalón
    .reps = 8 con cada pierna
    .cue = Desde un escalón bajo, baja el talón despacio, con la rodilla en línea con los pies.

exercise-small-hops = Saltitos
    .reps = 10
    .cue = No antes de las 12 semanas. Cae suave con las rodillas dobladas; para si tienes escapes o sientes pesadez.

exercise-single-leg-hops = Saltitos en una pierna
    .reps = 10 con cada pierna
    .cue = Solo cuando los saltitos te resulten fáciles, y no antes de las 12 semanas. Cae suave y quédate cerca de una pared.

phase-4 = Volver a correr
    .goal = Intervalos de correr y caminar en distancias cortas, tres veces por semana, con un día de descanso entre una y otra.
    .moves_on = Aumenta un cambio a la vez (correr un poco más, caminar un poco menos o una repetición más), y solo después de sesiones sin síntomas. Repite un paso las veces que necesites, y regresa uno atrás después de un síntoma. Para correr empujando el cochecito, espera hasta más o menos los 6 meses.

exercise-brisk-walk-warm-up = Calentamiento caminando rápido
    .reps = 5 min
    .cue = Camina a paso rápido hasta que sientas el cuerpo caliente, antes de empezar a correr.

exercise-run-walk-intervals = Intervalos de correr y caminar
    .reps = 1 min corriendo + 1 min caminando
    .cue = Pasos cortos y el cuerpo un poco inclinado hacia adelante. Si empieza un síntoma, para y camina; no termines el intervalo.

exercise-shake-out = Soltar el cuerpo
    .reps = 3 min
    .cue = Camina tranquila y sacude suavemente las piernas y los brazos.

exercise-strength-and-mobility = Fuerza y movilidad
    .reps = 20 min, dos veces por semana
    .cue = Sigue con tus ejercicios de las fases 2 y 3 los días que no corras.

sign-baby_danger = Su bebé podría necesitar ayuda urgente

## El plan (issue 12): la forma de la semana, el piso pélvico diario, el saludo, registrar otro día, recordatorios del piso pélvico

exercise-rest-easy-walk = Caminata tranquila, si te apetece
    .reps = de 10 a 20 min
    .cue = A paso suave, con el cochecito o sola. Descansar también es parte del plan.

nudge-greeting_morning = ¡Buenos días!

nudge-greeting_afternoon = ¡Buenas tardes!

nudge-greeting_evening = ¡Buenas tardes!

nudge-greeting_night = ¡Buenas noches!

nudge-pelvic_floor = <b>Tu piso pélvico, todos los días</b> (reparte las series a lo largo del día):

nudge-strength_day = <b>Día de fuerza</b> (fase { $number }, { $title }). Los ejercicios de hoy, sin correr:

nudge-rest_day = <b>Día de descanso</b> (fase { $number }, { $title }). Hoy deja que tu cuerpo se recupere:

nudge-button_other_day = Lo hice otro día

nudge-other_day_prompt = ¿Qué día lo hiciste? Toca el día y lo anoto como hecho.

nudge-other_day_none = Todos los días de la última semana ya están anotados. ¡Muy bien!

nudge-other_day_run = correr

nudge-other_day_session = ejercicios

nudge-other_day_rest = piso pélvico

nudge-other_day_what = ¿Qué hiciste el { $date }?

nudge-other_day_ran = Salí a correr

nudge-other_day_planned = Lo que decía el plan ({ $what })

nudge-pelvic_reminder = Es hora de una serie rápida del piso pélvico: aprieta y sube, mantén, y luego suelta por completo. Unos apretones largos y después unos rápidos.

settings-pelvic_line = Recordatorios del piso pélvico: { $times }

settings-pelvic_button = Recordatorios del piso pélvico

settings-pelvic_prompt = Un recordatorio corto para hacer tus ejercicios del piso pélvico, hasta tres veces al día. Toca las horas que quieras, o escribe una (como 2:15 pm). Toca una hora marcada para quitarla.

settings-pelvic_off_button = Desactivarlos

settings-pelvic_too_many = Tres al día es el máximo. Quita una primero.

command-log = Anotar una sesión o una carrera de otro día
