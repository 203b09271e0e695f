# British English: only the messages that differ from content/locales/en-US.

welcome =
    <b>Hello, I'm APEX Run Ready.</b>
    I help you get back to running after your baby, one safe step at a time. A few questions show which phase of the APEX programme suits you now, then I send you a short daily nudge with what to do.
    
    I'm <b>not</b> an emergency service, and I don't replace an assessment with a physio or doctor.

date_unreadable = Sorry, I couldn't read that date. Try 14 Aug 2026, 14/08/2026 or 2026-08-14, or how long ago, like 9 weeks.

date_too_old = That's more than { $years ->
        [one] { $years } year
       *[other] { $years } years
    } ago, and this programme is for the years just after a birth. Please check the date and send it again.

tests_intro =
    <b>A few quick tests</b>
    These show how your body copes with load and impact, so I can suggest the right phase. Try each one only if you feel up to it, and skip any you like. Stop straight away at any pain, heaviness or leaking, and tell me: carrying on while leaking counts as a symptom.

not_a_substitute = <i>This is general guidance, not a substitute for an assessment by a physio or doctor.</i>

escalation_urgent =
    <b>Please contact your doctor, midwife or maternity unit today</b> about: { $signs }.
    If you can't reach them, call NHS 111, or { $emergency_number } if you feel very unwell.
    
    Please pause your exercise until you've been seen. I've let the APEX team know.

escalation_apex =
    Thank you for telling me about: { $signs }. Symptoms like these are common after a birth, and worth getting checked by a pelvic health physio.
    
    Until then, stay in your current phase: no hopping or jumping, and no moving on with your running.
    
    <b>APEX</b>
    Phone: { $phone }
    Email: { $email }
    Book online: { $booking_url }

reason-caesarean_early = You're { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    } after your caesarean; strength work waits until at least { $min_weeks ->
        [one] { $min_weeks } week
       *[other] { $min_weeks } weeks
    }.

reason-check_not_cleared = Your postnatal check hasn't cleared you for exercise yet.

reason-scar_not_healed = Your caesarean scar needs to heal without any worries first.

next-contact_doctor_today = Contact your doctor, midwife or maternity unit today.

next-get_postnatal_check = Talk to your GP or midwife about your postnatal check.

next-scar_check = Ask your GP or midwife to check your scar.

next-tear_assessment = A pelvic health physio check is advised for everyone from 6 weeks, and well worth booking after a tear like yours.

next-mood_support = Go easy on low days. If your mood stays low, talk to your GP, midwife or health visitor, or call NHS { $maternal_line }. APEX can help too.

escalation_crisis =
    <b>Thank you for telling me. You don't have to carry this on your own.</b>
    If you might act on these thoughts, or you or your baby are in danger, call { $emergency_number } now.
    To talk to someone right away, call Samaritans free on <b>{ $crisis_line }</b>, any time of day or night. For an urgent mental health crisis you can also call NHS { $maternal_line } and choose option 2.

    I've let the APEX team know so someone can check on you, and I'll hold your plan for now.

escalation_low_mood =
    Thank you for telling me how you feel. So many new mums go through this, and it isn't your fault or a sign you're doing anything wrong.
    Talking helps. Please tell your GP, midwife or health visitor how you've been feeling; they can help. If you need someone sooner, call NHS { $maternal_line }.
    If you ever have thoughts of harming yourself or your baby, call { $emergency_number } or call Samaritans on { $crisis_line } straight away.

    I've let the APEX team know, and someone will be in touch. You can reach them too:
    Phone: { $phone }
    Email: { $email }

next-feeding_tips = Feed or express before you run, wear a supportive bra and drink water. Exercise won't reduce your milk.

nudge-feeding_tip = <i>Feed or express before you go, wear a supportive bra, and take some water. Exercise won't reduce your milk.</i>

nudge-symptoms_prompt = <b>What did you notice?</b> Tick everything that applies, then press Done. If none of these fit, press None of these.

settings-zone_prompt = Which time zone are you in? Type a city (like London or New York) or an offset (like UTC+2). The button below sets the clinic's time zone, { $zone }.

settings-time_prompt = When would you like your daily nudge? Pick one, or type a time like 06:45.

settings-time_unreadable = Sorry, I couldn't read that time. Try something like 07:15 or 19:30.

escalation_baby =
    <b>If your baby isn't breathing, is turning blue, won't wake up, is having a seizure or has been hurt, call { $emergency_number } now.</b>
    If your baby has a fever or just seems unwell, call your GP or NHS 111 right away. A baby under 3 months with a temperature of 38 °C (100.4 °F) or more needs a doctor today, day or night.

    I've let the APEX team know.

## The tests in the screening (issue 12)

impact_tests_held_scar = The jogging, bounding and hopping tests wait until your caesarean scar has healed without any worries, so we'll leave them for now.

impact_tests_held_pelvic = Because of what you told me about your pelvic floor, the jogging, bounding and hopping tests wait until a pelvic health physio has checked you, so we'll leave them for now.

impact_tests_held_symptom = Since you felt a symptom, the jogging, bounding and hopping tests wait until a pelvic health physio has checked you.
