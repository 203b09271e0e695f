## privacy_messages

privacy-privacy =
    <b>Tus datos y lo que hago con ellos</b>

    <b>Lo que guardo</b>
    Tu nombre y tu ID de Telegram; tus respuestas a mis preguntas (cuándo nació tu bebé, cómo fue el parto, los síntomas que marcaste); tu fase y tu plan; tus ajustes de recordatorios; cómo te fue en tus sesiones; los recordatorios y anuncios de APEX que te he mandado; cualquier señal de alarma que le haya pasado al equipo de APEX; y tu número de teléfono, solo si lo compartiste para que APEX te llame.

    <b>Para qué</b>
    Para que tu plan vaya de acuerdo contigo y con tu cuerpo, tus recordatorios lleguen a la hora correcta y el equipo de APEX pueda ayudarte si algo no está bien.

    <b>Mensajes a la clínica</b>
    Lo que le escribes al equipo de APEX con /ask (y sus respuestas) se guarda con lo demás y por el mismo tiempo: una conversación sin mensajes durante ese tiempo también se borra. /export lo incluye y /delete lo borra, aquí y en el chat del equipo.

    <b>Si estás en peligro</b>
    Si alguna vez me describes una señal de alarma grave, aunque todavía no hayas aceptado nada, le paso al equipo de APEX tu nombre, tu ID de Telegram y a qué señal de alarma se parecía, y ellos guardan un registro de ese aviso. Esto se hace para proteger tu salud, por eso no espera a que des tu permiso. No se guarda nada más de lo que escribiste.

    <b>Quién lo ve</b>
    Solo el equipo de APEX Performance Wellness &amp; Rehab. No se vende ni se comparte con nadie más. Nuestra conversación en sí pasa por Telegram, bajo la política de privacidad de Telegram.

    <b>Por cuánto tiempo</b>
    Mientras me uses. { $retention_months ->
        [one] Si pasa { $retention_months } mes
       *[other] Si pasan { $retention_months } meses
    } sin que contestes preguntas, anotes una sesión o recibas un recordatorio mío, borro por mi cuenta tus respuestas y tu historial de sesiones.

    <b>Es tuyo</b>
    /export: un archivo con todo lo que guardo de ti
    /delete: borrarlo todo, para siempre

    La política de privacidad de la clínica: { $policy_url }

    No soy un servicio de emergencias. Si te sientes mal o en peligro ahora mismo, llama al { $emergency_number }.

privacy-export_caption = Aquí tienes todo lo que guardo de ti, en un archivo. Con /delete lo borras todo.

privacy-delete_confirm =
    <b>¿Borro todo lo que guardo de ti?</b>
    Se borrarán tus respuestas, tu fase y tu plan, tu progreso y tus ajustes, y dejaré de mandarte recordatorios. Esto no se puede deshacer, pero siempre puedes volver a empezar con /start.

privacy-delete_button = Sí, borrar todo

privacy-keep_button = No, déjalo así

privacy-deleted =
    Listo. Borré tus respuestas, tu plan, tu progreso y todo lo demás que guardaba de ti, y ya no te llegarán más recordatorios.

    Si alguna vez le avisé al equipo de APEX de una señal de alarma, ese aviso se queda con la clínica, según su política de privacidad; en mis propios registros ya no quedan ni tu nombre ni tus respuestas.

    Si algún día quieres volver a empezar, solo manda /start. Cuídate mucho.

privacy-kept = Está bien, no se borró nada. Tu plan sigue como antes.

privacy-nothing_stored = Por ahora no guardo nada sobre ti, así que no hay nada que mandar ni borrar. Manda /start cuando quieras empezar.
