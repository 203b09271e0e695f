# Español (EE. UU.): tú, frases cortas, para una mamá que lee en su teléfono.
# Los mensajes del personal (staff-*, help_staff, staff_callback y los comandos del personal)
# no van aquí: se muestran en el inglés de la clínica.

## messages

welcome =
    <b>Hola, soy APEX Run Ready.</b>
    Te ayudo a volver a correr después de tener a tu bebé, paso a paso y con cuidado. Con unas preguntas vemos qué fase del programa APEX te queda mejor ahora. Después te mando un mensajito cada día con lo que te toca hacer.

    <b>No</b> soy un servicio de emergencias, y no reemplazo una evaluación con un fisioterapeuta o un médico.

privacy_short =
    <b>Tu información</b>
    Si estás de acuerdo, guardo tus respuestas, tu fase y tu progreso, para que tu plan sea a tu medida. El equipo de APEX puede verlos. Mientras no aceptes, solo guardo tu ID de Telegram. Hay una excepción: si me cuentas de una señal de alarma grave, le aviso al equipo de APEX tu nombre, tu ID de Telegram y a qué señal se parecía, para que alguien se comunique contigo. Todos los detalles están en /privacy, y puedes ver o borrar tus datos cuando quieras.

consent_button = Acepto, empecemos

consented = Gracias. Empecemos con unas preguntas rápidas.

# /help es estas dos líneas alrededor de la lista de comandos.
help = <b>Lo que puedo hacer</b>

help_footer = No soy un servicio de emergencias. Si te sientes mal ahora mismo, llama al { $emergency_number }.

# Un texto que no es ni una señal de alarma ni la respuesta a una pregunta.
not_understood = Perdón, no sé qué hacer con eso. /plan te dice dónde estás y qué sigue, /ask le manda una pregunta al equipo de APEX, /contact tiene los datos de la clínica y /help muestra lo demás. Si tú o tu bebé necesitan ayuda ahora mismo, llama al { $emergency_number }.

# Una conversación que se queda abierta mucho tiempo se cierra sola.
timed_out_screening = Dejé tus preguntas en pausa por ahora; lo que ya contestaste quedó guardado. Manda /start cuando quieras seguir.

timed_out_settings = Cerré tus ajustes. Manda /settings para abrirlos otra vez.

contact =
    <b>APEX Performance Wellness &amp; Rehab</b>
    Teléfono: { $phone }
    Correo: { $email }
    Haz tu cita en línea: { $booking_url }

cancelled = Listo, paré las preguntas y no guardé las respuestas de esta vez. Manda /reassess cuando quieras empezarlas de nuevo, desde la primera pregunta.

nothing_to_cancel = No hay nada que parar ahora. Con /help ves lo que puedo hacer.

group_pointer = Solo converso uno a uno. Escríbeme en privado: @{ $bot_username }

use_buttons = ¡Gracias! Para esta pregunta, toca uno de los botones. Si te sientes mal ahora mismo, no me esperes: llama al { $emergency_number }.

stale_button = Ese botón es de un paso anterior. Usa el mensaje más reciente, por favor.

too_quick = La pregunta acaba de cambiar, así que no conté ese toque. Léela y elige otra vez.

# /progress: las palabras de la gráfica (texto simple).
chart_done = hechas
chart_skipped = saltadas
chart_sessions = sesiones por semana
chart_step = paso de correr y caminar
chart_title = Tus últimas semanas

flood_warning = Me estás mandando mensajes más rápido de lo que puedo leerlos. Dame unos segundos, por favor.

edited_message = No puedo leer mensajes editados. Mándalo otra vez como un mensaje nuevo.

too_long = Eso es un poco largo para mí. ¿Me lo mandas más corto?

error = Perdón, algo falló de mi lado y puede que no se haya guardado. Inténtalo otra vez en un minuto, o manda /start. Si te sientes mal ahora mismo, llama al { $emergency_number }.

unknown_command = No conozco ese comando. Manda /help para ver lo que puedo hacer.

date_unreadable = Perdón, no pude leer esa fecha. Prueba así: 8/14/2026 o 14 de agosto de 2026. O dime hace cuánto fue, como hace 9 semanas.

date_future = Esa fecha todavía no llega. Mándame el día en que nació tu bebé.

# Una fecha en números que se puede leer de dos maneras ("11/08/2026"): ella elige.
date_which = Quiero asegurarme de entenderte bien: ¿qué fecha quisiste decir?

# Cada fecha se muestra con cuánto tiempo hace, para que un error salte a la vista (es un botón).
date_with_weeks = { $date } ({ $weeks ->
        [0] esta semana
        [one] hace { $weeks } semana
       *[other] hace { $weeks } semanas
    })

date_too_old = Eso fue hace más de { $years ->
        [one] { $years } año
       *[other] { $years } años
    }, y este programa es para los primeros años después del parto. Revisa la fecha y mándala otra vez.

signs_done_button = Listo

signs_none = Ninguna de estas

tests_intro =
    <b>Unas pruebas rápidas</b>
    Sirven para ver cómo responde tu cuerpo a la carga y al impacto, y así sugerirte la fase correcta. Haz cada una solo si te sientes con ganas, y sáltate las que quieras. Para de inmediato si sientes dolor, pesadez o escapes, y avísame: seguir con escapes cuenta como síntoma.

skip_tests_button = Saltar las pruebas que faltan

impact_tests_later = Las pruebas de trotar, de saltos largos y de saltar en una pierna esperan hasta que cumplas por lo menos { $weeks ->
        [one] { $weeks } semana
       *[other] { $weeks } semanas
    } después del parto, así que las dejamos para más adelante.

questions_wait = <i>Tus preguntas y tus ejercicios esperan hasta que el equipo de APEX hable contigo.</i>

resume = ¡Qué bueno verte de nuevo! Sigamos donde nos quedamos.

reassess_default = La última vez contestaste: <b>{ $answer }</b>. Déjalo así o elige otra opción.

keep_button = Dejarlo así

result_phase = <b>Tu fase: { $number }, { $title }</b>

result_reasons = <b>Por qué esta fase</b>

result_next = <b>Qué sigue</b>

result_exercises = <b>Tus ejercicios</b>

exercise_line = <b>{ $name }</b>, { $sets } × { $reps }. <i>{ $cue }</i>

not_a_substitute = <i>Esto es una guía general. No reemplaza una evaluación con un fisioterapeuta o un médico.</i>

escalation_emergency =
    <b>Llama al { $emergency_number } ahora.</b>
    Diles que diste a luz { $birth_date } y lo que me contaste: { $signs }.

    Por favor, no hagas ningún ejercicio. Ya le avisé al equipo de APEX, y dejo tu plan en pausa hasta que te hayan revisado.

escalation_urgent =
    <b>Comunícate hoy mismo con tu ginecólogo/a (OB-GYN), partera o médico</b> por esto: { $signs }.
    Si no logras comunicarte, ve a un centro de atención urgente (urgent care) o a la sala de emergencias, o llama al { $emergency_number }.

    No hagas tus ejercicios hasta que te revisen. Ya le avisé al equipo de APEX.

escalation_apex =
    Gracias por contarme esto: { $signs }. Son síntomas comunes después de un parto, y vale la pena que te revisen en fisioterapia de piso pélvico.

    Mientras tanto, quédate en tu fase actual: nada de saltos ni brincos, y no avances en tu plan de correr.

    <b>APEX</b>
    Teléfono: { $phone }
    Correo: { $email }
    Haz tu cita en línea: { $booking_url }

# Ideas de suicidio o de hacerle daño al bebé (una señal con advice = "crisis"): palabras
# cálidas, el número de emergencias y las líneas de crisis, nunca ejercicio.
escalation_crisis =
    <b>Gracias por contármelo. No tienes que cargar con esto tú sola.</b>
    Si sientes que podrías llegar a hacer lo que piensas, o si tú o tu bebé están en peligro, llama al { $emergency_number } ahora.
    Para hablar con alguien enseguida, llama o manda un mensaje de texto al <b>{ $crisis_line }</b>, la Línea de Prevención del Suicidio y Crisis (Suicide &amp; Crisis Lifeline). Atienden a cualquier hora del día o de la noche, también en español.
    La Línea Nacional de Salud Mental Materna (National Maternal Mental Health Hotline) también está para las mamás, de día y de noche, en español: llama o manda un texto al <b>{ $maternal_line }</b>.

    Le avisé al equipo de APEX para que alguien se comunique contigo, y por ahora dejo tu plan en pausa.

# Ánimo bajo, ansiedad, sentir que no puede (advice = "low_mood"): una palabra amable y a dónde acudir.
escalation_low_mood =
    Gracias por contarme cómo te sientes. Muchísimas mamás pasan por esto después de tener a su bebé. No es tu culpa, y no quiere decir que estés haciendo algo mal.
    Hablar ayuda. La Línea Nacional de Salud Mental Materna es gratis, de día y de noche, en español y en inglés: llama o manda un texto al <b>{ $maternal_line }</b>. Cuéntale también a tu médico o a tu partera cómo te has sentido.
    Si alguna vez piensas en hacerte daño o en hacerle daño a tu bebé, llama al { $emergency_number } o llama o manda un texto al { $crisis_line } de inmediato.

    Le avisé al equipo de APEX y alguien se va a comunicar contigo. Tú también puedes contactarlos:
    Teléfono: { $phone }
    Correo: { $email }

# /language: los idiomas son botones, cada uno en su propio idioma.
escalation_baby =
    <b>Si tu bebé no respira, se está poniendo morado, no despierta, tiene una convulsión o se lastimó, llama al { $emergency_number } ahora.</b>
    Si tu bebé tiene fiebre o lo notas mal, llama a su pediatra enseguida. Un bebé de menos de 3 meses con 100.4 °F (38 °C) o más de temperatura necesita ver a un médico hoy mismo, de día o de noche.

    Ya le avisé al equipo de APEX.

language_prompt = ¿En qué idioma quieres que te hable?
language_saved = ¡Listo! De ahora en adelante te hablo en español.

followed_up = El equipo de APEX ya dio seguimiento a lo que nos contaste. Gracias por avisarnos. Manda /today para ver tu plan de hoy, o /reassess si algo cambió.

callback_button = Pedir que APEX me llame

callback_requested = Le pedí al equipo de APEX que te llame. Si algo empeora mientras tanto, no esperes: llama a tu médico o al { $emergency_number }.

# "Diles que diste a luz ...": hace unas semanas, hace poco, el 14 ago 2026.
born_about = { $weeks ->
        [0] hace unos días
        [one] hace más o menos { $weeks } semana
       *[other] hace unas { $weeks } semanas
    }

born_unknown = hace poco

first_nudge = Tu primer recordatorio diario llega el { $when }, { $zone }. ¿Te va mejor otra hora u otra zona horaria? Toca abajo.
nudges_again = Tus recordatorios diarios vuelven el { $when }, { $zone }. ¿Te va mejor otra hora u otra zona horaria? Toca abajo.

born_on = el { $date }

## reasons

reason-emergency_signs = Me contaste esto: { $signs }. Necesitas atención de emergencia ahora.

reason-urgent_signs = Me contaste esto: { $signs }. Necesitas que te vea un médico o tu partera hoy.

reason-pelvic_signs = Mencionaste esto: { $signs }. Vale la pena revisarlo antes de agregar impacto.

reason-test_symptom = Sentiste un síntoma durante: { $tests }.

reason-early_days = Llevas { $weeks ->
        [one] { $weeks } semana
       *[other] { $weeks } semanas
    } desde el parto; el trabajo de fuerza empieza { $min_weeks ->
        [one] más o menos a partir de { $min_weeks } semana
       *[other] más o menos a partir de las { $min_weeks } semanas
    }.

reason-caesarean_early = Llevas { $weeks ->
        [one] { $weeks } semana
       *[other] { $weeks } semanas
    } desde tu cesárea; el trabajo de fuerza espera hasta que cumplas por lo menos { $min_weeks ->
        [one] { $min_weeks } semana
       *[other] { $min_weeks } semanas
    }.

reason-too_early_for_impact = Llevas { $weeks ->
        [one] { $weeks } semana
       *[other] { $weeks } semanas
    } desde el parto; el reentrenamiento para el impacto empieza { $min_weeks ->
        [one] a partir de { $min_weeks } semana
       *[other] a partir de las { $min_weeks } semanas
    }.

reason-check_not_cleared = En tu chequeo posparto todavía no te han dado el visto bueno para hacer ejercicio.

reason-scar_not_healed = Primero, la herida de tu cesárea tiene que sanar bien, sin nada que te preocupe.

reason-load_tests_not_passed = Primero, estas pruebas tienen que sentirse cómodas: { $tests }.

reason-too_early_for_running = Llevas { $weeks ->
        [one] { $weeks } semana
       *[other] { $weeks } semanas
    } desde el parto y todavía es muy pronto para correr: se empieza a correr { $min_weeks ->
        [one] a partir de { $min_weeks } semana
       *[other] a partir de las { $min_weeks } semanas
    }, no antes.

reason-impact_tests_not_passed = Estas pruebas tienen que sentirse cómodas antes de que corras: { $tests }.

reason-ready_to_run = Llevas { $weeks ->
        [one] { $weeks } semana
       *[other] { $weeks } semanas
    } desde el parto y todas las pruebas de carga e impacto se sintieron cómodas.

reason-strength_shortfall = En estas pruebas de fuerza todavía no llegas a 20 de cada lado: { $tests }.

## next_steps

next-call_emergency = Llama al { $emergency_number } ahora.

next-contact_doctor_today = Comunícate hoy mismo con tu ginecólogo/a (OB-GYN), partera o médico.

next-contact_apex = Haz una cita con APEX para revisar tu piso pélvico: manda /contact para ver los datos.

next-wait_until = A partir del { $date } (semana { $weeks }), manda /reassess para ver si puedes avanzar.

next-get_postnatal_check = Habla con tu ginecólogo/a (OB-GYN) o partera sobre tu chequeo posparto.

next-scar_check = Pídele a tu ginecólogo/a (OB-GYN) o partera que te revise la herida.

next-strength_focus = Agrega un poco más de trabajo de fuerza para: { $tests }.

next-start_running = Empieza el plan de correr y caminar que está abajo: tres sesiones por semana, con un día de descanso entre una y otra.

next-tear_assessment = Se recomienda a todas las mamás una revisión de fisioterapia de piso pélvico a partir de las 6 semanas, y después de un desgarro como el tuyo, vale mucho la pena hacer la cita.

next-sleep_easier = Después de una mala noche, está bien hacer una sesión más suave o tomarte el día para descansar.

next-mood_support = Tómatelo con calma en los días difíciles. Si tu ánimo sigue bajo, habla con tu médico o tu partera. La Línea Nacional de Salud Mental Materna es gratis, de día y de noche, en español: llama o manda un mensaje al { $maternal_line }. APEX también te puede ayudar.

next-feeding_tips = Amamanta o sácate leche antes de correr, usa un brasier con buen soporte y toma agua. El ejercicio no disminuye tu leche.

## nudge_messages

nudge-daily_exercise = <b>Tus ejercicios de hoy</b> (fase { $number }, { $title }):

nudge-run_reminder = <b>¡Hoy toca correr!</b> Calienta con 5 minutos de caminata rápida. Luego haz { $repeats } × ({ $run } corriendo, { $walk } caminando) y termina caminando unos minutos para soltar el cuerpo. Pasos cortos y ligeros, con el cuerpo un poquito inclinado hacia adelante.

nudge-run_continuous = <b>¡Hoy toca correr!</b> Calienta con 5 minutos de caminata rápida, luego corre suave durante { $total ->
        [one] { $total } minuto
       *[other] { $total } minutos
    } y termina caminando unos minutos para soltar el cuerpo.

nudge-run_held = Mientras APEX revisa cómo estás, nada de correr ni saltar: hoy te tocan tus ejercicios de fuerza.

nudge-feeding_tip = <i>Amamanta o sácate leche antes de salir, usa un brasier con buen soporte y lleva agua. El ejercicio no disminuye tu leche.</i>

nudge-stop_rule = Si sientes escapes, pesadez o dolor, para y regresa a casa caminando, y avísame con el botón de abajo.

nudge-button_done = Listo ✅

nudge-button_skip = Hoy me lo salto

nudge-button_wrong = Algo no se sintió bien

nudge-logged_done = ✅ Anotado como hecho. ¡Muy bien!

nudge-logged_skip = Anotado como saltado. Descansar también es parte del plan.

nudge-logged_late = Anotado para el { $date }.

nudge-already_logged = Esa sesión ya está anotada.

nudge-checkin_question = <b>¿Cómo te fue corriendo?</b> ¿Tuviste escapes, pesadez o dolor, durante o después?

nudge-checkin_fine = Me sentí bien

nudge-checkin_hard = Difícil, pero sin síntomas

nudge-checkin_symptom = Tuve un síntoma

nudge-session_continuous = { $total } min seguidos
nudge-session_intervals = { $repeats } × ({ $run } corriendo, { $walk } caminando)

nudge-rung_up = Ya llevas { $count ->
        [one] { $count } sesión de correr sin síntomas
       *[other] { $count } sesiones de correr seguidas sin síntomas
    }, así que tu próxima sesión sube un nivel: { $session }.

nudge-rung_same = Tu próxima sesión de correr sigue igual: { $session }. Subes de nivel después de { $count ->
        [one] { $count } sesión cómoda y sin síntomas
       *[other] { $count } sesiones cómodas y sin síntomas
    }.

nudge-rung_partial = Parar antes también es escuchar a tu cuerpo. Solo las carreras completas cuentan para el siguiente paso, así que la próxima vez repites la misma: { $session }.

nudge-rung_down = Gracias por contarme. Tu próxima sesión baja un poquito: { $session }. Volveremos a subir cuando corras sin síntomas.

nudge-symptoms_prompt = <b>¿Qué notaste?</b> Marca todo lo que aplique y luego toca Listo. Si nada de esto te pasa, toca Ninguna de estas.

nudge-symptoms_thanks = Gracias por contarme cómo vas. Si algo todavía no se siente bien, manda /ask y el equipo de APEX te responderá. /symptoms está aquí para cuando algo cambie.

nudge-reassess_nudge = Ya pasó un tiempo desde tu última revisión. Cuando tengas cinco minutos, manda /reassess para ver si estás lista para avanzar.

nudge-paused = Tus recordatorios diarios están en pausa. Manda /resume cuando quieras que vuelvan.

nudge-resumed = ¡Qué bueno tenerte de vuelta! Tus recordatorios diarios vuelven a llegar cada día a esta hora: { $time }, { $zone }.
nudge-resumed_reassess = Tus recordatorios diarios están activados otra vez, y vuelven en cuanto respondas unas preguntas rápidas, para que tu plan se ajuste a cómo estás ahora.

nudge-needs_screening = Primero busquemos tu fase: manda /start.

nudge-held = Tus ejercicios están en pausa hasta que te revisen. Si ya te revisaron y te dijeron que estás bien, el equipo de APEX puede reactivar tu plan: /contact.

nudge-progress_caption = { $weeks ->
        [one] La última semana
       *[other] Las últimas { $weeks } semanas
    }: { $done ->
        [one] { $done } sesión hecha
       *[other] { $done } sesiones hechas
    }, { $skipped ->
        [one] { $skipped } saltada
       *[other] { $skipped } saltadas
    }. Paso { $rung } de { $rungs } del plan de correr y caminar.

nudge-progress_empty = Todavía no hay nada anotado. Tu gráfica aparece cuando hayas recibido algunos recordatorios diarios.

## settings_messages

settings-menu =
    <b>Tus ajustes</b>
    Hora del recordatorio: { $time }, { $zone }
    Días de entrenamiento: { $days }
    Recordatorios: { $nudges }
    Anuncios: { $announcements }

settings-time_button = Hora del recordatorio

settings-zone_button = Zona horaria

settings-days_button = Días de entrenamiento

settings-pause_button = Pausar recordatorios

settings-resume_button = Reanudar recordatorios

settings-announcements_on_button = Activar anuncios

settings-announcements_off_button = Desactivar anuncios

settings-close_button = Cerrar

settings-time_prompt = ¿A qué hora quieres tu recordatorio diario? Elige una, o escribe una hora como 6:45 a.m.

settings-time_unreadable = Perdón, no pude leer esa hora. Prueba algo como 7:15 a.m. o 7:30 p.m.

settings-zone_prompt = ¿En qué zona horaria estás? Escribe una ciudad (como Chicago o Miami) o una diferencia con UTC (como UTC-5). El botón de abajo pone la zona horaria de la clínica, { $zone }.

settings-zone_pick = ¿Cuál es la tuya? Tócala para guardarla.

settings-zone_unknown = No encontré ese lugar. Prueba con una ciudad más grande cerca de ti, o con una diferencia como UTC-5.

settings-days_prompt = Toca los días en que quieres entrenar y luego Listo: ahora, tus sesiones de fuerza; cuando empieces a correr, tus carreras. Tres días con un día de descanso entre ellos funcionan bien, como lunes, miércoles y viernes.

settings-days_consecutive = Dos de esos días van seguidos. Un día de descanso entre una sesión y otra ayuda a que tu cuerpo se adapte.

settings-saved = Guardado.

settings-closed = Ajustes cerrados. Todos tus cambios quedaron guardados.

# "Anuncios: activados / desactivados"
settings-on = activados

settings-off = desactivados

# "Recordatorios: en pausa / activos"
settings-paused_word = en pausa

settings-running_word = activos

settings-held_word = en pausa hasta que el equipo de APEX hable contigo

settings-reassess_word = esperan tus respuestas (/reassess)

settings-no_days = ninguno

## commands

command-start = Empezar, o seguir donde te quedaste

command-today = Lo que te toca hoy: ejercicios o correr

command-plan = Tu fase y qué te hace avanzar

command-symptoms = Avisarme que algo no se siente bien

command-progress = Una gráfica de tus últimas semanas

command-settings = Hora del recordatorio, zona horaria, días de correr

command-pause = Pausar los recordatorios diarios

command-resume = Reanudar los recordatorios diarios

command-reassess = Contestar otra vez las preguntas para ver si estás lista

command-contact = Cómo comunicarte con APEX

command-privacy = Qué guardo de ti, y por qué

command-export = Un archivo con todo lo que guardo de ti

command-delete = Borrar todo lo que guardo de ti

command-help = Lo que puedo hacer

command-language = Elegir el idioma en que te hablo

command-cancel = Parar las preguntas de ahora

## Las pruebas de la evaluación (issue 12)

# Cómo le fue en una prueba, entre paréntesis después del nombre: "Caminata de 30 minutos (omitida)".
test_detail_could_not = aún no pudiste
test_detail_not_tried = aún sin intentar
test_detail_skipped = omitida

symptom_which = ¿Qué sentiste? Toca cada opción que aplique y luego toca Listo.

symptom_pick_one = Primero toca lo que sentiste y luego Listo.

impact_tests_held_scar = Las pruebas de trotar, de saltos largos y de saltar en una pierna esperan hasta que tu herida de la cesárea sane sin problemas, así que las dejamos para más adelante.

impact_tests_held_pelvic = Por lo que me contaste de tu piso pélvico, las pruebas de trotar, de saltos largos y de saltar en una pierna esperan hasta que una fisioterapeuta de salud pélvica te revise, así que las dejamos para más adelante.

impact_tests_held_symptom = Como sentiste un síntoma, las pruebas de trotar, de saltos largos y de saltar en una pierna esperan hasta que una fisioterapeuta de salud pélvica te revise.

reason-strength_untried = Estas pruebas de fuerza no se hicieron, así que tu trabajo de fuerza todavía no se ajusta a ellas: { $tests }.

next-try_tests = Cuando te sientas lista, prueba estas y manda /reassess: { $tests }.

nudge-plan_run_held = Por ahora, nada de correr ni saltar: nos contaste algo que el equipo de APEX está revisando, así que tu plan diario trae ejercicios de fuerza hasta que se pongan en contacto contigo.
nudge-plan_reassess = Puede que las cosas hayan cambiado desde tu evaluación del { $date }: manda /reassess para ver dónde estás ahora.

## desk slice (issue 12): the journey around an escalation, /progress

closed_reassess = El equipo de APEX ya dio seguimiento a lo que nos contaste. Gracias por avisarnos. Ahora veamos cómo estás, para que tu plan se ajuste a cómo te sientes hoy: unas preguntas rápidas, con tus respuestas anteriores listas para conservarlas. Tus recordatorios diarios vuelven en cuanto las termines.

closed_start = El equipo de APEX ya dio seguimiento a lo que nos contaste. Gracias por avisarnos. Cuando quieras empezar, manda /start.

reassess_button = Responder las preguntas

chart_unanswered = sin respuesta

nudge-needs_reassess = Antes de volver a tus ejercicios, veamos cómo estás ahora: unas preguntas rápidas, con tus respuestas anteriores listas para conservarlas.

nudge-resumed_held = Tus recordatorios diarios están activados otra vez, pero esperan hasta que el equipo de APEX hable contigo: después del síntoma de alarma que me contaste, pauso todo el ejercicio hasta que alguien te haya revisado. Volverán en cuanto el equipo te dé seguimiento y tu plan esté al día.

nudge-progress_unanswered = { $unanswered ->
        [one] { $unanswered } día
       *[other] { $unanswered } días
    } sin respuesta.

# desk slice (issue 12): her number for the call-back, with Telegram's share-contact button.
callback_share = ¿Quieres darle tu número de teléfono al equipo de APEX para la llamada? Toca el botón de abajo para compartir el número de tu cuenta de Telegram: lo guardarán con tus datos y solo lo usarán para llamarte. Tú decides; también puedes simplemente esperar a que te contacten.

share_phone_button = 📞 Compartir mi número

phone_saved = Gracias. El equipo de APEX te llamará al { $phone }. /export lo muestra junto con el resto de tus datos, y /delete lo borra.

phone_not_yours = Parece el contacto de otra persona, así que no lo guardé. Para compartir tu propio número, usa el botón debajo de mi mensaje.

phone_not_needed = Gracias, pero solo guardo un número de teléfono cuando le pediste a APEX que te llame, así que no guardé este. /contact te muestra cómo comunicarte con el equipo.

# --- a line to the clinic (issue 13: /ask) ---
command-ask = Enviar un mensaje al equipo de APEX

ask-button = 💬 Escribir a APEX

ask-prompt =
    ¿Qué quieres preguntarle al equipo de APEX? Escríbelo aquí: un mensaje, una foto o una nota de voz. Te responden aquí mismo, normalmente en un día hábil.
    No es para emergencias: en ese caso, llama al { $emergency_number }.
    Cuando termines, pulsa Listo.

ask-needs_start = Para escribir a la clínica desde aquí, primero pulsa /start y acepta cómo guardo tus datos. También puedes comunicarte con APEX directamente: /contact

ask-finish_questions = Terminemos primero tus preguntas (o cancélalas con /cancel); luego envía /ask de nuevo.

ask-sent = ✓ Enviado a APEX. Escribe más si quieres, o pulsa Listo.

ask-sent_with_sign = Tu mensaje también le llegó al equipo de APEX.

ask-done_button = Listo

ask-closed = Gracias. El equipo de APEX tiene tu mensaje y te responderá aquí. Para volver a escribirles: /ask

ask-reply =
    💬 <b>{ $name }</b> de APEX:

    { $text }

ask-reply_footer = <i>Para responder, escribe aquí. Pulsa Listo cuando termines.</i>

ask-not_sent = Lo siento, no llegó a la clínica en este momento. Inténtalo de nuevo en un rato, o usa /contact.

# --- The run/walk coach (issue 13) ---

command-run = Empezar la carrera de hoy, con guía

coach-start_button = 🏃 Empezar mi carrera

coach-button_pause = ⏸ Pausa

coach-button_resume = ▶️ Seguir

coach-button_stop = ⏹ Terminar

coach-status = <b>Tu carrera:</b> { $session }, con { $warmup } de caminata antes y después.

coach-state_running = Empezaste a las { $started }. Terminarás hacia las { $ends }.

coach-state_paused = ⏸ En pausa durante la { $part }; te queda { $left }. Toca Seguir cuando estés lista.

coach-state_finished = ✅ Terminada a las { $time }.

coach-state_stopped = ⏹ Detenida a las { $time }.

coach-state_abandoned = Cerrada a las { $time }: llevaba mucho rato en pausa.

coach-part_warmup = caminata de calentamiento

coach-part_run = carrera ({ $number } de { $of })

coach-part_walk = caminata ({ $number } de { $of } hechas)

coach-part_cooldown = caminata de vuelta a la calma

coach-part_end = final

coach-cue_warmup = 🚶 <b>Camina { $length }</b> · calentamiento
    Una caminata a buen paso para empezar. Si tienes pérdidas de orina, sensación de peso o dolor en cualquier momento, para y camina, y toca «Algo no se sintió bien».

coach-cue_run = 🏃 <b>Corre { $length }</b> · { $number } de { $of }

coach-form_cue = Pasos cortos y ligeros, con el cuerpo un poco inclinado hacia delante desde los tobillos.

coach-cue_walk = 🚶 <b>Camina { $length }</b> · { $number } de { $of } hechas

coach-cue_cooldown = 🚶 <b>Camina { $length }</b> · vuelta a la calma
    ¡Era tu última carrera! Suelta el cuerpo: brazos relajados, pasos tranquilos.

coach-cue_end = 🎉 <b>¡Carrera terminada!</b> Muy bien hecho.

coach-paused = En pausa

coach-resumed = ▶️ <b>Seguimos:</b> { $part }, te queda { $left }.

coach-stopped = ⏹ <b>Carrera detenida.</b> Parar está bien: escuchar a tu cuerpo es parte del plan.

coach-ended_itself = He cerrado tu carrera: llevaba mucho rato en pausa.

coach-over = Esta carrera ya terminó.

coach-already_running = Ya estás en una carrera: sus botones están en el mensaje que empieza por «Tu carrera».

coach-not_run_day = Hoy no toca correr, así que no hay carrera que empezar. /today te dice qué toca hoy.

coach-already_logged = Ya me contaste cómo fue la carrera de hoy. Descansa: la próxima llega en tu siguiente día de correr.

coach-run_held = Por ahora no toca correr, mientras APEX revisa cómo estás. /today te da tus ejercicios de fuerza.

coach-not_started = Aún no habías empezado a correr, así que no anoto nada: envía /run cuando quieras.
