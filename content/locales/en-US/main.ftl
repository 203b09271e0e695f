## messages

welcome =
    <b>Hello, I'm APEX Run Ready.</b>
    I help you get back to running after your baby, one safe step at a time. A few questions show which phase of the APEX program suits you now, then I send you a short daily nudge with what to do.

    I'm <b>not</b> an emergency service, and I don't replace an assessment with a physical therapist or doctor.

privacy_short =
    <b>Your information</b>
    If you agree, I keep your answers, your phase and your progress, so your plan fits you. The APEX team can see them. Until you agree, I keep only your Telegram id, unless you tell me about a serious warning sign: then the APEX team is told your first name, your Telegram id and which sign it sounded like, so someone can check on you. The full details are under /privacy, and you can see or delete your data at any time.

consent_button = I agree, let's start

consented = Thank you. Let's start with a few quick questions.

# /help is these two lines around the [commands] list below (staff also see theirs).
help = <b>What I can do</b>

help_footer = I'm not an emergency service. If you feel unwell right now, call { $emergency_number }.

help_staff = <b>For the APEX team</b>

# Free text that is neither a warning sign nor an answer to a question.
not_understood = I'm not sure what to do with that, sorry. /plan says where you are and what comes next, /ask sends a question to the APEX team, /contact has the clinic's details and /help lists the rest. If you or your baby need help right now, call { $emergency_number }.

# A conversation left open too long ends by itself; these say how to come back.
timed_out_screening = I've put your questions aside for now; your answers so far are saved. Send /start whenever you'd like to carry on.

timed_out_settings = I've closed your settings. Send /settings to open them again.

contact =
    <b>APEX Performance Wellness &amp; Rehab</b>
    Phone: { $phone }
    Email: { $email }
    Book online: { $booking_url }

cancelled = Okay, I've stopped the questions and let go of this round's answers. Send /reassess whenever you'd like to start them again, from the first question.

nothing_to_cancel = There's nothing to stop right now. /help shows what I can do.

group_pointer = I only chat one to one. Please message me privately: @{ $bot_username }

use_buttons = Thanks! For this one, please tap one of the buttons. If you feel unwell right now, don't wait for me: call { $emergency_number }.

stale_button = That button is from an earlier step. Please use the latest message.

too_quick = The question just changed, so I didn't count that tap. Please read it and choose again.

# /progress: the chart's words (plain text).
chart_done = done
chart_skipped = skipped
chart_sessions = sessions per week
chart_step = run/walk step
chart_title = Your last weeks

flood_warning = You're sending messages faster than I can read them. Give me a few seconds, please.

edited_message = I can't read edited messages. Please send it again as a new message.

too_long = That's a bit long for me. Could you send something shorter?

error = Sorry, something went wrong on my side, so that may not have been saved. Please try again in a minute, or send /start. If you feel unwell right now, call { $emergency_number }.

unknown_command = I don't know that command. Send /help to see what I can do.

date_unreadable = Sorry, I couldn't read that date. Try Aug 14, 2026, 8/14/2026 or 2026-08-14, or how long ago, like 9 weeks.

date_future = That date is still to come. Please send the day your baby was born.

# A numeric date that could be read two ways ("11/08/2026"): she picks the one she meant.
date_which = Just to be sure I read that right: which date did you mean?

# Every date she gives is shown back with how long ago it was, so a slip is easy to spot.
date_with_weeks = { $date } ({ $weeks ->
        [0] this week
       *[other] { $weeks } wk ago
    })

date_too_old = That's more than { $years ->
        [one] { $years } year
       *[other] { $years } years
    } ago, and this program is for the years just after a birth. Please check the date and send it again.

signs_done_button = Done

signs_none = None of these

tests_intro =
    <b>A few quick tests</b>
    These show how your body copes with load and impact, so I can suggest the right phase. Try each one only if you feel up to it, and skip any you like. Stop right away at any pain, heaviness or leaking, and tell me: carrying on while leaking counts as a symptom.

skip_tests_button = Skip the remaining tests

impact_tests_later = The jogging, bounding and hopping tests wait until you're at least { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    } after the birth, so we'll leave them for now.

# /start or /reassess while an emergency or urgent escalation of hers is open.
questions_wait = <i>Your questions and your exercise wait until the APEX team has talked with you.</i>

resume = Welcome back! Let's carry on where we left off.

reassess_default = Last time you answered: <b>{ $answer }</b>. Keep it, or pick another.

keep_button = Keep

result_phase = <b>Your phase: { $number }, { $title }</b>

result_reasons = <b>Why this phase</b>

result_next = <b>What next</b>

result_exercises = <b>Your exercises</b>

exercise_line = <b>{ $name }</b>, { $sets } × { $reps }. <i>{ $cue }</i>

not_a_substitute = <i>This is general guidance, not a substitute for an assessment by a physical therapist or doctor.</i>

escalation_emergency =
    <b>Please call { $emergency_number } now.</b>
    Tell them you gave birth { $birth_date }, and what you told me: { $signs }.

    Please don't do any exercise. I've let the APEX team know, and I'll hold your plan until you've been seen.

escalation_urgent =
    <b>Please contact your OB-GYN, midwife or doctor today</b> about: { $signs }.
    If you can't reach them, go to urgent care or the ER, or call { $emergency_number }.

    Please pause your exercise until you've been seen. I've let the APEX team know.

escalation_apex =
    Thank you for telling me about: { $signs }. Symptoms like these are common after a birth, and worth getting checked by a pelvic health physical therapist.

    Until then, stay in your current phase: no hopping or jumping, and no moving on with your running.

    <b>APEX</b>
    Phone: { $phone }
    Email: { $email }
    Book online: { $booking_url }

# Thoughts of suicide or of harming the baby (a sign with advice = "crisis"): warm words, the
# emergency number and the crisis lines, never exercise.
escalation_crisis =
    <b>Thank you for telling me. You don't have to carry this on your own.</b>
    If you might act on these thoughts, or you or your baby are in danger, call { $emergency_number } now.
    To talk to someone right away, call or text <b>{ $crisis_line }</b>, the Suicide &amp; Crisis Lifeline, any time of day or night, in English or Spanish.
    The National Maternal Mental Health Hotline is there for moms too, day and night: call or text <b>{ $maternal_line }</b>.

    I've let the APEX team know so someone can check on you, and I'll hold your plan for now.

# Low mood, anxiety, not coping (a sign with advice = "low_mood"): a kind word and where to turn.
escalation_low_mood =
    Thank you for telling me how you feel. So many new moms go through this, and it isn't your fault or a sign you're doing anything wrong.
    Talking helps. The National Maternal Mental Health Hotline is free, day and night, in English and Spanish: call or text <b>{ $maternal_line }</b>. Please tell your doctor or midwife how you've been feeling too.
    If you ever have thoughts of harming yourself or your baby, call { $emergency_number } or call or text { $crisis_line } right away.

    I've let the APEX team know, and someone will be in touch. You can reach them too:
    Phone: { $phone }
    Email: { $email }

# Her baby, from her own words (a sign with advice = "baby").
escalation_baby =
    <b>If your baby isn't breathing, is turning blue, won't wake up, is having a seizure or has been hurt, call { $emergency_number } now.</b>
    If your baby has a fever or just seems unwell, call your baby's doctor right away. A baby under 3 months with a temperature of 100.4 °F (38 °C) or more needs a doctor today, day or night.

    I've let the APEX team know.

# /language: the languages are buttons, each in its own language.
language_prompt = Which language would you like me to use?
language_saved = Okay, I'll talk to you in English from now on.

# To her, when the clinic closes an escalation it had reached her about.
followed_up = The APEX team has followed up on what you told us. Thank you for letting us know. Send /today for today's plan, or /reassess if things have changed.

callback_button = Ask APEX to call me

callback_requested = I've asked the APEX team to call you back. If anything gets worse before then, don't wait: call your doctor, or { $emergency_number }.

staff_callback = <b>Call back</b>: { $name } asks for a call (reads { $language }).

born_about = { $weeks ->
        [0] in the last few days
        [one] about { $weeks } week ago
       *[other] about { $weeks } weeks ago
    }

born_unknown = recently

# The end of her first result: when her daily nudges start, in her time.
first_nudge = Your first daily nudge comes on { $when }, { $zone }. Does another time or time zone suit you better? Tap below.
nudges_again = Your daily nudges start again on { $when }, { $zone }. Does another time or time zone suit you better? Tap below.

born_on = on { $date }

## reasons

reason-emergency_signs = You told me about: { $signs }. These need emergency care now.

reason-urgent_signs = You told me about: { $signs }. These need a doctor or midwife today.

reason-pelvic_signs = You mentioned: { $signs }. Worth getting checked before adding impact.

reason-test_symptom = You felt a symptom during: { $tests }.

reason-early_days = You're { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    } after the birth; strength work starts from about { $min_weeks ->
        [one] { $min_weeks } week
       *[other] { $min_weeks } weeks
    }.

reason-caesarean_early = You're { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    } after your C-section; strength work waits until at least { $min_weeks ->
        [one] { $min_weeks } week
       *[other] { $min_weeks } weeks
    }.

reason-too_early_for_impact = You're { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    } after the birth; retraining for impact starts from { $min_weeks ->
        [one] { $min_weeks } week
       *[other] { $min_weeks } weeks
    }.

reason-check_not_cleared = Your postpartum checkup hasn't cleared you for exercise yet.

reason-scar_not_healed = Your C-section incision needs to heal without any worries first.

reason-load_tests_not_passed = These tests need to feel comfortable first: { $tests }.

reason-too_early_for_running = At { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    } after the birth it's too soon to run; running starts from { $min_weeks ->
        [one] { $min_weeks } week
       *[other] { $min_weeks } weeks
    } at the earliest.

reason-impact_tests_not_passed = These tests need to feel comfortable before you run: { $tests }.

reason-ready_to_run = You're { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    } after the birth and every load and impact test felt comfortable.

reason-strength_shortfall = These strength tests didn't reach 20 each side yet: { $tests }.

## next_steps

next-call_emergency = Call { $emergency_number } now.

next-contact_doctor_today = Contact your OB-GYN, midwife or doctor today.

next-contact_apex = Book a pelvic health check with APEX: send /contact for the details.

next-wait_until = From { $date } (week { $weeks }), send /reassess to see if you can move on.

next-get_postnatal_check = Talk to your OB-GYN or midwife about your postpartum checkup.

next-scar_check = Ask your OB-GYN or midwife to check your incision.

next-strength_focus = Add some extra strength work for: { $tests }.

next-start_running = Start the run/walk plan below: three sessions a week, with a rest day between.

next-tear_assessment = A pelvic health physical therapy check is advised for everyone from 6 weeks, and well worth booking after a tear like yours.

next-sleep_easier = After a poor night, an easier session or a rest day is fine.

next-mood_support = Go easy on low days. If your mood stays low, talk to your doctor or midwife. The National Maternal Mental Health Hotline is free, day and night, in English and Spanish: call or text { $maternal_line }. APEX can help too.

next-feeding_tips = Feed or pump before you run, wear a supportive bra and drink water. Exercise won't reduce your milk.

## nudge_messages

nudge-daily_exercise = <b>Today's exercises</b> (phase { $number }, { $title }):

nudge-run_reminder = <b>Run day!</b> Warm up with a 5 minute brisk walk, then { $repeats } × ({ $run } running, { $walk } walking), then walk a few minutes to shake it out. Short, light strides and a slight forward lean.

nudge-run_continuous = <b>Run day!</b> Warm up with a 5 minute brisk walk, then run gently for { $total ->
        [one] { $total } minute
       *[other] { $total } minutes
    }, then walk a few minutes to shake it out.

nudge-run_held = While APEX checks things over, no running or hopping: here are your strength exercises instead.

nudge-feeding_tip = <i>Feed or pump before you go, wear a supportive bra, and take some water. Exercise won't reduce your milk.</i>

nudge-stop_rule = If you feel leaking, heaviness or pain, stop and walk home, and tell me with the button below.

nudge-button_done = Done ✅

nudge-button_skip = Skip today

nudge-button_wrong = Something felt wrong

nudge-logged_done = ✅ Logged as done. Well done!

nudge-logged_skip = Logged as skipped. Rest is part of the plan too.

nudge-logged_late = Logged for { $date }.

nudge-already_logged = That session is already logged.

nudge-checkin_question = <b>How did your run go?</b> Any leaking, heaviness or pain, during or after?

nudge-checkin_fine = Felt fine

nudge-checkin_hard = Hard, but no symptoms

nudge-checkin_symptom = I had a symptom

# A session as /rung_up, rung_same and rung_down name it.
nudge-session_continuous = { $total } min continuous
nudge-session_intervals = { $repeats } × ({ $run } run, { $walk } walk)

nudge-rung_up = That's { $count ->
        [one] { $count } symptom-free run
       *[other] { $count } symptom-free runs
    } in a row, so your next run steps up: { $session }.

nudge-rung_same = Next run stays the same: { $session }. Moving on comes after { $count ->
        [one] { $count } comfortable, symptom-free run
       *[other] { $count } comfortable, symptom-free runs
    }.

nudge-rung_partial = Stopping early is part of listening to your body. Only full runs count toward your next step, so next time it's the same run again: { $session }.

nudge-rung_down = Thanks for telling me. Your next run steps back a little: { $session }. We'll build up again once runs feel symptom-free.

nudge-symptoms_prompt = <b>What did you notice?</b> Tap everything that applies, then tap Done. If none of these fit, tap None of these.

nudge-symptoms_thanks = Thanks for checking in. If something still doesn't feel right, send /ask and the APEX team will get back to you. /symptoms is here whenever anything changes.

nudge-reassess_nudge = It's been a while since your last check. Send /reassess when you have five minutes, to see if you're ready to move on.

nudge-paused = Your daily nudges are paused. Send /resume when you'd like them back.

nudge-resumed = Welcome back! Your daily nudges start again at { $time }, { $zone }.
nudge-resumed_reassess = Your daily nudges are back on, and they start again as soon as you've answered a few quick questions, so your plan fits how you are now.

nudge-needs_screening = Let's find your phase first: send /start.

nudge-held = Your exercise is paused until you've been seen. If you've been checked and told you're fine, the APEX team can restart your plan: /contact.

nudge-progress_caption = Last { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    }: { $done ->
        [one] { $done } session
       *[other] { $done } sessions
    } done, { $skipped } skipped. Run/walk step { $rung } of { $rungs }.

nudge-progress_empty = Nothing logged yet. Your chart appears once you've had a few daily nudges.

## settings_messages

settings-menu =
    <b>Your settings</b>
    Reminder: { $time }, { $zone }
    Training days: { $days }
    Nudges: { $nudges }
    Announcements: { $announcements }

settings-time_button = Reminder time

settings-zone_button = Time zone

settings-days_button = Training days

settings-pause_button = Pause nudges

settings-resume_button = Resume nudges

settings-announcements_on_button = Announcements on

settings-announcements_off_button = Announcements off

settings-close_button = Close

settings-time_prompt = When would you like your daily nudge? Pick one, or type a time like 6:45 am.

settings-time_unreadable = Sorry, I couldn't read that time. Try something like 7:15 am or 7:30 pm.

settings-zone_prompt = Which time zone are you in? Type a city (like Chicago or New York) or an offset (like UTC-5). The button below sets the clinic's time zone, { $zone }.

settings-zone_pick = Which one is yours? Tap it to save it.

settings-zone_unknown = I couldn't find that place. Try a bigger city nearby, or an offset like UTC-5.

settings-days_prompt = Tap the days you'd like to train, then Done: your strength sessions now, your runs once you're running. Three days with a rest day between works well, like Mon, Wed, Fri.

settings-days_consecutive = Two of those days are back to back. A rest day between sessions helps your body adapt.

settings-saved = Saved.

settings-closed = Settings closed. Every change you made is saved.

settings-on = on

settings-off = off

settings-paused_word = paused

settings-running_word = on

settings-held_word = paused until the APEX team has been in touch

settings-reassess_word = waiting for your answers (/reassess)

settings-no_days = none

## commands

command-start = Start, or carry on where you left off

command-today = Today's exercises or run

command-plan = Your phase and what moves you on

command-symptoms = Tell me something doesn't feel right

command-progress = A chart of your last weeks

command-settings = Reminder time, time zone, run days

command-pause = Pause the daily nudges

command-resume = Restart the daily nudges

command-reassess = Answer the readiness questions again

command-contact = How to reach APEX

command-privacy = What I keep about you, and why

command-export = A file of everything I keep about you

command-delete = Delete everything I keep about you

command-help = What I can do

command-language = Choose the language I use

command-cancel = Stop the current questions

command-escalations = Open escalations, most serious and oldest first

command-broadcast = Send an announcement

command-broadcasts = Recent announcements, and stop one

command-stats = The clinic's view

command-export_csv = Progress per mother, as CSV

## The tests in the screening (issue 12)

# How a test went, in brackets after its name in her result: "30-minute walk (skipped)".
test_detail_could_not = couldn't yet
test_detail_not_tried = not tried yet
test_detail_skipped = skipped

# After "Felt a symptom": which, ticked (several may apply).
symptom_which = What did you feel? Tap each one that applies, then tap Done.

symptom_pick_one = Tap what you felt first, then Done.

# Why the jogging and hopping tests are not offered, when it is not the time since the birth.
impact_tests_held_scar = The jogging, bounding and hopping tests wait until your C-section incision has healed without any worries, so we'll leave them for now.

impact_tests_held_pelvic = Because of what you told me about your pelvic floor, the jogging, bounding and hopping tests wait until a pelvic health physical therapist has checked you, so we'll leave them for now.

impact_tests_held_symptom = Since you felt a symptom, the jogging, bounding and hopping tests wait until a pelvic health physical therapist has checked you.

reason-strength_untried = These strength tests weren't done, so your strength work isn't tailored to them yet: { $tests }.

next-try_tests = When you feel ready, try these and send /reassess: { $tests }.

# /plan, when her last check was before a gate she has since passed.
nudge-plan_run_held = For now, no running or hopping: you told us about something the APEX team is looking at, so your daily plan brings strength work until they've been in touch.
nudge-plan_reassess = Things may have moved on since your check on { $date }: send /reassess to see where you are now.

## desk slice (issue 12): the journey around an escalation, /progress

# To her, when the clinic closes an emergency or urgent episode it had reached her about: her
# exercise waited for it; she is asked to answer the questions again (one button), so her plan
# fits how she is now.
closed_reassess = The APEX team has followed up on what you told us. Thank you for letting us know. Now let's check where you are, so your plan fits how you feel today: a few quick questions, with your last answers ready to keep. Your daily nudges start again once they're done.

# The same, to someone who named a sign before signing up.
closed_start = The APEX team has followed up on what you told us. Thank you for letting us know. Whenever you'd like to begin, send /start.

reassess_button = Answer the questions

chart_unanswered = no answer

nudge-needs_reassess = Before your exercise starts again, let's check where you are now: a few quick questions, with your last answers ready to keep.

nudge-resumed_held = Your daily nudges are back on, but they wait until the APEX team has talked with you: after the warning sign you told me about, I hold all exercise until someone has checked on you. They'll start again once the team has followed up and your plan is up to date.

nudge-progress_unanswered = { $unanswered ->
        [one] { $unanswered } day
       *[other] { $unanswered } days
    } with no answer.

# desk slice (issue 12): her number for the call-back, with Telegram's share-contact button.
callback_share = Would you like to give the APEX team your phone number for the call? Tap the button below to share the number on your Telegram account: they'll keep it with your details and use it only to call you back. It's up to you; you can also just wait to hear from them.

share_phone_button = 📞 Share my phone number

phone_saved = Thank you. The APEX team will call you on { $phone }. /export shows it with the rest of your data, and /delete removes it.

phone_not_yours = That looks like someone else's contact, so I haven't kept it. To share your own number, please use the button under my message.

phone_not_needed = Thanks, but I only keep a phone number when you've asked APEX to call you, so I haven't kept this one. /contact shows how to reach the team.

# --- a line to the clinic (issue 13: /ask; the staff's words are in desk.ftl) ---
command-ask = Send a message to the APEX team

command-codes = Join codes: make a deep link, and see who joined through each

command-note = Reply to her thread's message or alert with /note and a text: a note for the staff

ask-button = 💬 Message APEX

ask-prompt =
    What would you like to ask the APEX team? Write it here: a message, a photo or a voice note. They answer right here, usually within a working day.
    Not for emergencies: for those, call { $emergency_number }.
    When you have finished, press Done.

ask-needs_start = To message the clinic from here, first press /start and agree to how I keep your data. You can also reach APEX directly: /contact

ask-finish_questions = Let's finish your questions first (or /cancel them), then send /ask again.

ask-sent = ✓ Sent to APEX. Write more if you like, or press Done.

ask-sent_with_sign = Your message went to the APEX team too.

ask-done_button = Done

ask-closed = Thank you. The APEX team has your message and will answer here. To write to them again: /ask

ask-reply =
    💬 <b>{ $name }</b> from APEX:

    { $text }

ask-reply_footer = <i>To answer, just write back here. Press Done when you have finished.</i>

ask-not_sent = Sorry, that did not reach the clinic just now. Please try again in a moment, or use /contact.

# --- The run/walk coach (issue 13) ---

command-run = Start today's run, with a coach

coach-start_button = 🏃 Start my run

coach-button_pause = ⏸ Pause

coach-button_resume = ▶️ Resume

coach-button_stop = ⏹ Stop

coach-status = <b>Your run:</b> { $session }, with a { $warmup } walk before and after.

coach-state_running = Started at { $started }. You'll be done around { $ends }.

coach-state_paused = ⏸ Paused in the { $part }, { $left } left of it. Press Resume when you're ready.

coach-state_finished = ✅ Finished at { $time }.

coach-state_stopped = ⏹ Stopped at { $time }.

coach-state_abandoned = Closed at { $time }: it had been paused a long while.

coach-part_warmup = warm-up walk

coach-part_run = run ({ $number } of { $of })

coach-part_walk = walk ({ $number } of { $of } done)

coach-part_cooldown = cool-down walk

coach-part_end = end

coach-cue_warmup = 🚶 <b>Walk { $length }</b> · warm-up
    A brisk walk to get going. If you leak, feel heaviness or pain at any point, stop and walk, and tap Something felt wrong.

coach-cue_run = 🏃 <b>Run { $length }</b> · { $number } of { $of }

coach-form_cue = Keep your strides short and light, and lean forward a little from your ankles.

coach-cue_walk = 🚶 <b>Walk { $length }</b> · { $number } of { $of } done

coach-cue_cooldown = 🚶 <b>Walk { $length }</b> · cool-down
    That was your last run! Shake it out: loose arms, easy steps.

coach-cue_end = 🎉 <b>That's your run done.</b> Well done!

coach-paused = Paused

coach-resumed = ▶️ <b>Back to it:</b> { $part }, { $left } to go.

coach-stopped = ⏹ <b>Run stopped.</b> Stopping is fine: listening to your body is part of the plan.

coach-ended_itself = I've closed your run: it was paused for a long while.

coach-over = This run has already ended.

coach-already_running = You're in the middle of a run: its buttons are on the message that starts "Your run".

coach-not_run_day = Today isn't a run day, so there's no run to start. /today shows what's on.

coach-already_logged = You've already told me how today's run went. Rest up: the next one is on your next run day.

coach-run_held = No running for now, while APEX checks things over. /today has your strength exercises.

coach-not_started = You hadn't started running yet, so nothing is logged: send /run whenever you're ready.
