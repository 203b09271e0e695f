## staff_messages

staff-alert =
    <b>{ $level }</b>: { $name }
    Signs: { $signs }
    From: { $source }{ $weeks ->
        [unknown] {""}
        [one] {" · "}{ $weeks } week after the birth
       *[other] {" · "}{ $weeks } weeks after the birth
    } · phase { $phase } · reads { $language }
    { $state }

# How the alert and /escalations name a level and where it came from, and a mother who has not
# signed up or has deleted her data.
staff-level_emergency = EMERGENCY

staff-level_urgent = URGENT

staff-level_apex = Contact APEX

staff-source_screening = screening

staff-source_checkin = run check-in

staff-source_symptoms = symptom report

staff-source_message = her message

staff-not_signed_up = { $name } (not signed up)

staff-deleted_mother = (deleted)

staff-state_open = <i>Open, nobody has it yet.</i>

staff-state_claimed = 📞 <b>{ $staff }</b> will call her ({ $time })

staff-state_contacted = ✅ Contacted by <b>{ $staff }</b> ({ $time })

staff-state_closed = ☑️ Closed by <b>{ $staff }</b> ({ $time })

staff-claim_button = I'll call her

staff-contacted_button = Contacted

staff-closed_button = Closed

# A pop-up: an emergency or urgent alert closes only once someone has reached her.
staff-close_needs_contact = Please reach her first and press Contacted: closing tells her the team followed up and restarts her exercise.

staff-already_claimed = { $staff } already has this one.

staff-reminder = ⏰ Still unclaimed after { $waited }:

staff-raised = ⬆️ More serious now:

staff-reopened = 🔁 Reported again after she was contacted:

staff-new_serious = 🆕 A new serious sign on this open alert:

# The database failed while a warning sign was being recorded: no buttons, nothing to act on
# in /escalations; someone needs to reach her directly.
# Above an alert for a sign that waited in the outbox while the database was down.
staff-recorded_late = 🕓 <b>Recorded now</b>: she wrote at { $time }, while the database was down.

staff-alert_unrecorded =
    <b>{ $level }</b>: { $name }
    Signs: { $signs }
    ⚠️ Not recorded yet: the bot's database is not answering. She has had the advice; please reach her directly. The alert comes again, with its buttons, once the database answers.

staff-timed_out_broadcast = I've put that announcement aside. Send /broadcast to start again.

staff-desk_empty = No open escalations.

staff-desk_line = #{ $id } <b>{ $level }</b>, { $age } old, { $source }: { $name } ({ $state })

staff-age_minutes = { $minutes } min

staff-age_hours = { $hours } h

staff-age_days = { $days } d

staff-state_word_open = open

staff-state_word_claimed = claimed

staff-state_word_contacted = contacted, not closed


staff-stats =
    <b>APEX Run Ready: the clinic's view</b>
    Mothers: { $users } ({ $new_week } new this week, { $active_week } active in the last 7 days)
    Where they are: { $by_phase }
    Sessions done in the last 7 days: { $sessions_week }
    Escalations open: { $open }
    Handled this month: { $handled_month ->
        [0] none yet.
       *[other] { $handled_month }. Half of them were taken up within { $median_contact } of the alert.
    }
    Announcements this month: { $broadcasts ->
        [one] { $broadcasts } announcement
       *[other] { $broadcasts } announcements
    }, reaching { $reach ->
        [one] { $reach } mother
       *[other] { $reach } mothers
    } (mothers who have since deleted their data are not counted)

staff-export_caption = Progress per mother, without names or anything she typed.

staff-broadcast_start = Send me the announcement: text, or a photo or document with a caption. It goes out as you send it, under a short APEX header and with a line on turning announcements off. /cancel to stop.

staff-broadcast_audience = Who should get it?

staff-audience_all = Everyone (announcements on)

staff-audience_phase = Phase { $phase }

staff-audience_idle = No activity in 14 days

staff-audience_source = Joined through a code

staff-broadcast_source_prompt = Type the deep-link code (the part after /start).

staff-broadcast_preview = It goes to { $count ->
        [one] <b>{ $count }</b> mother
       *[other] <b>{ $count }</b> mothers
    }: { $audience }. Send it?

staff-broadcast_send_button = Send

staff-broadcast_cancel_button = Cancel

staff-broadcast_nobody = Nobody matches that audience, so there is nothing to send.

staff-broadcast_cancelled = Cancelled: nothing was sent.

staff-broadcast_progress = 📣 Announcement #{ $id }: sent { $done } of { $total }…

staff-broadcast_report = 📣 Announcement #{ $id } finished in { $seconds } s: { $sent } sent, { $blocked } blocked the bot, { $failed } failed, { $unsure } unsure{ $cancelled }.

# "Unsure": on their way when the bot restarted, so they may have arrived. They are not sent again:
# a mother never gets an announcement twice.
staff-broadcast_stopped =
     (stopped early)

staff-broadcasts_none = No announcements yet.

staff-broadcasts_line = #{ $id } { $when }, { $audience }: { $sent }/{ $total } sent, { $blocked } blocked, { $failed } failed, { $unsure } unsure, { $status }

staff-broadcast_stop_button = Stop #{ $id }

staff-broadcast_stopping = Stopping announcement #{ $id }.

staff-use_a_button = Please use the buttons.

staff-not_a_message = I can send text, photos and documents. Please send one of those, or /cancel.

# --- the announcement's own frame (issue 12): every copy carries it, in the clinic's language ---
staff-announcement_header = 📣 <b>From the APEX team</b>
staff-announcement_footer = <i>You get these because announcements are on. To turn them off: /settings.</i>
staff-announcement_too_long = With the APEX header and the line on turning announcements off, that is { $over } characters too long. Please shorten it and send it again.

## desk slice (issue 12): /stats in sentences, /escalations with signs and buttons, call-backs

# /stats, "Where they are": one part per phase, then those without a phase yet.
staff-stats_phase = { $count } in phase { $phase } ({ $title })

staff-stats_no_phase = { $count } without a phase yet (questions unfinished, or held after a warning sign)

staff-stats_nobody = nobody yet

staff-stats_no_median = (none handled yet)

staff-age_under_minute = under a minute

staff-age_hours_minutes = { $hours } h { $minutes } min

# /escalations: each open one is a message of its own, with its signs and its buttons.
staff-desk_signs = Signs: { $signs }

staff-desk_more = …and { $count } more, less serious or newer. Handle these first, then send /escalations again.

# Her number, once she has shared it for a call-back (on the alert and the call-back request).
staff-phone = 📞 Her number: { $phone }

staff-callback_phone = <b>Call back</b>: { $name } shared her number: { $phone } (reads { $language }).

# The end of the announcement's preview: who it goes to.
staff-preview_all = everyone with announcements on

staff-preview_phase = everyone in phase { $phase } with announcements on

staff-preview_idle = everyone with announcements on and no activity in the last 14 days

staff-preview_source = everyone who joined through the code “{ $code }”, with announcements on
