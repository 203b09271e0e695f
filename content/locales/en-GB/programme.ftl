# British English: only the messages that differ from content/locales/en-US.

question-birth_date = When was your baby born?
    .hint = Send the date, like 2026-08-14, 14/08/2026 or 14 Aug 2026. Or tell me how long ago, like 9 weeks.

option-delivery-planned_cs = Planned caesarean

option-delivery-emergency_cs = Emergency caesarean

question-tear = Did you have a 3rd or 4th degree tear?
    .hint = If you're not sure, your maternity notes or midwife can tell you.

question-scar = How is your caesarean scar?

question-check = Have you had your postnatal check?
    .hint = The check with your GP or midwife, usually 6 to 8 weeks after the birth.

sign-seizure = A seizure (fit)

sign-belly_pain = Severe tummy pain that won't ease

sign-fever = Fever of 38 °C (100.4 °F) or more

sign-no_urine = Can't pass urine (wee)

sign-leaking = Leaking wee, wind or poo

sign-tummy = Tummy doming, a gap or weakness

phase-1 = Reconnect
    .goal = Gently reconnect with your breathing, pelvic floor and tummy, from the first days.
    .moves_on = From about 2 weeks, once these feel easy and you have no symptoms, you move on to building strength. After a caesarean that waits until 6 weeks, and until then lift nothing heavier than your baby.

exercise-pelvic-floor-long-holds = Pelvic floor long holds
    .reps = up to 10 holds of 8 s
    .cue = Squeeze and lift as if holding in wind, then let go fully. Spread the sets over the day and build up slowly.

exercise-pelvic-tilts = Pelvic tilts
    .reps = 10
    .cue = Lying on your back with knees bent, gently flatten then arch your lower back. After a caesarean, roll onto your side to get up.

phase-2 = Build strength
    .goal = Build strength in your hips, legs and pelvic floor, with your body weight to start: three sessions a week on your training days, with rest days between.
    .moves_on = From 6 weeks, once your postnatal check has cleared you, your scar has healed if you had a caesarean, and the walk, balance and squat tests feel comfortable, you move on to retraining for impact.

exercise-sumo-deadlifts = Sumo deadlifts
    .reps = 10
    .cue = Feet wide, toes turned out; hinge at the hips with a long back. Add weight only after your postnatal check.

phase-3 = Retrain for impact
    .goal = Get your legs and pelvic floor ready for running, one leg at a time: three sessions a week on your training days, with rest days between.
    .moves_on = From 12 weeks, once all seven load and impact tests feel comfortable (no pain, heaviness or leaking) and, after a caesarean, your scar has healed without concern, you can start run/walk intervals.

question-red_flags = Do you have any of these right now? Tick each one that applies, then press Done.
    .hint = If none of them apply, press None of these.

option-check-not_yet = Not had it yet

question-pelvic = And any of these at the moment? They're common after a birth, and worth getting checked. Tick each one that applies, then press Done.
    .hint = If none of them apply, press None of these.

question-feeding = Are you breastfeeding or expressing milk?

test-jog = Jog on the spot
    .how = Jog gently on the spot for one minute. Stop if you feel pain, heaviness or leaking: carrying on while leaking counts as a symptom.

phase-4 = Return to running
    .goal = Run/walk intervals over short distances, three times a week with a rest day between.
    .moves_on = Build up one change at a time (a longer run, a shorter walk or one more repeat), and only after sessions with no symptoms. Repeat a step whenever you need, and drop back after a symptom. Running with a buggy waits until about 6 months.

## The plan (issue 12)

exercise-rest-easy-walk = Easy walk, if you feel like it
    .reps = 10 to 20 min
    .cue = A gentle pace with the buggy or on your own. Resting is part of the plan too.

settings-pelvic_prompt = A short reminder to do your pelvic floor exercises, at up to three times a day. Tap the times you'd like, or type one (like 14:15). Tap a ticked time to remove it.
