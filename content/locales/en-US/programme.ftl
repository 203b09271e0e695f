## Questions: the prompt, its hint, and each option's button

question-birth_date = When was your baby born?
    .hint = Send the date, like Aug 14, 2026 or 8/14/2026. Or tell me how long ago, like 9 weeks.

question-red_flags = Do you have any of these right now? Tap each one that applies, then tap Done.
    .hint = If none of them apply, tap None of these.

question-delivery = How was your baby born?

option-delivery-vaginal = Vaginal birth

option-delivery-assisted = Assisted (forceps or vacuum)

option-delivery-planned_cs = Planned C-section

option-delivery-emergency_cs = Emergency C-section

question-tear = Did you have a 3rd or 4th degree tear?
    .hint = If you're not sure, your birth records, OB-GYN or midwife can tell you.

option-tear-yes = Yes

option-tear-no = No

option-tear-unsure = Not sure

question-scar = How is your C-section incision?

option-scar-healed = Healed, no worries

option-scar-not_healed = Not healed, or it worries me

option-scar-unsure = Not sure

question-check = Have you had your postpartum checkup?
    .hint = The visit with your OB-GYN or midwife in the weeks after the birth, usually by 12 weeks.

option-check-cleared = Had it, cleared to exercise

option-check-not_cleared = Had it, not cleared yet

option-check-not_yet = Haven't had it yet

question-pelvic = And any of these at the moment? They're common after a birth, and worth getting checked. Tap each one that applies, then tap Done.
    .hint = If none of them apply, tap None of these.

question-feeding = Are you breastfeeding or pumping milk?

option-feeding-yes = Yes

option-feeding-no = No

question-sleep = How is your sleep at the moment?

option-sleep-ok = Getting by

option-sleep-poor = Poor, running on empty

question-mood = How has your mood been this past week?

option-mood-good = Mostly good

option-mood-up_down = Up and down

option-mood-low = Low most days

## How each test went: buttons

test-answer-comfortable = Comfortable

test-answer-fewer = Did it, fewer than 20

test-answer-symptom = Felt a symptom

test-answer-could_not = Couldn't do it

test-answer-not_tried = Didn't try

## What she felt in a test: buttons, and named after the test in her result ("leaking")

test-symptom-leaking = Leaking

test-symptom-heaviness = Heaviness or pressure

test-symptom-pain = Pain

## Warning signs: buttons on a phone, so short, plain words

sign-chest_pain = Chest pain

sign-breathing = Hard to breathe or breathless at rest

sign-seizure = A seizure

sign-harm_thoughts = Thoughts of hurting yourself or baby

sign-collapse = Fainting or collapsing

sign-heavy_bleeding = Soaking a pad an hour or egg-size clots

sign-bleed_faint = Bleeding with faintness or racing heart

sign-belly_pain = Severe belly pain that won't ease

sign-confusion = Confused or seeing/hearing things

sign-fever = Fever of 100.4 °F (38 °C) or more

sign-discharge = Bad-smelling discharge

sign-wound = Wound red, oozing pus or not healing

sign-leg = Red, swollen, sore or warm leg

sign-headache = Lasting headache or vision changes

sign-rib_pain = Pain under your right ribs

sign-swelling = Sudden swelling of face or hands

sign-dizzy = Feeling dizzy

sign-no_urine = Can't pee

sign-lost_control = Sudden loss of bladder or bowel control

sign-leaking = Leaking pee, gas or poop

sign-urgency = Urges to go that are hard to hold

sign-heaviness = Heaviness, dragging or bulge down below

sign-sex_pain = Pain during sex

sign-bowel = Hard to empty your bowels

sign-tummy = Belly doming, a gap or weakness

sign-pelvic_pain = Pain in pelvis, low back or groin

sign-late_bleeding = Bleeding after 8 weeks (not a period)

sign-low_mood = Feeling low, anxious or not coping

## Readiness tests: a short name (no commas) and how to try it

test-walk = 30-minute walk
    .how = Walk at an easy, steady pace for 30 minutes. Stop if you feel pain, heaviness or leaking.

test-balance = Balance on one leg
    .how = Stand next to a wall or chair you can grab, and balance on one leg for 10 seconds, then the other. Stop if you feel pain, heaviness or leaking.

test-squat = Single-leg squat
    .how = Beside a wall or chair, stand on one leg, bend that knee as far as feels steady, then stand tall: 10 times on each leg. Stop if you feel pain, heaviness or leaking.

test-jog = Jog in place
    .how = Jog gently in place for one minute. Stop if you feel pain, heaviness or leaking: carrying on while leaking counts as a symptom.

test-bounds = Forward bounds
    .how = In a clear space, leap forward from one foot and land softly on the other, 10 times. Stop if you feel pain, heaviness or leaking: carrying on while leaking counts as a symptom.

test-hop = Hop on one leg
    .how = Near a wall or chair, hop 10 times on one leg, then 10 on the other. Stop if you feel pain, heaviness or leaking: carrying on while leaking counts as a symptom.

test-running_man = Running man
    .how = Stand on one leg near a wall or chair and swing the other knee up with the opposite arm, like a runner, 10 times each side. Stop if you feel pain, heaviness or leaking: carrying on while leaking counts as a symptom.

test-calf_raise = Single-leg calf raise
    .how = Hold a wall, stand on one leg, rise onto your toes and lower slowly. Aim for 20 on each leg. It counts as comfortable only if you get there with no pain, heaviness or leaking.

test-bridge = Single-leg bridge
    .how = Lie on your back with knees bent, lift one foot, then raise and lower your hips. Aim for 20 each side. It counts as comfortable only if you get there with no pain, heaviness or leaking.

test-sit_to_stand = Single-leg sit-to-stand
    .how = From a firm chair, stand up on one leg and sit back down slowly, the other foot just off the floor. Aim for 20 each side. It counts as comfortable only if you get there with no pain, heaviness or leaking.

test-leg_lift = Side-lying leg lift
    .how = Lie on your side with legs straight and lift the top leg a little way, then lower it slowly. Aim for 20 each side. It counts as comfortable only if you get there with no pain, heaviness or leaking.

## Phases and their exercises

phase-1 = Reconnect
    .goal = Gently reconnect with your breathing, pelvic floor and belly, from the first days.
    .moves_on = From about 2 weeks, once these feel easy and you have no symptoms, you move on to building strength. After a C-section that waits until 6 weeks, and until then lift nothing heavier than your baby.

exercise-belly-breathing = Belly breathing
    .reps = 10 breaths
    .cue = Breathe in so your ribs and belly widen, then breathe out slowly and let them settle.

exercise-pelvic-floor-long-holds = Pelvic floor long holds
    .reps = up to 10 holds of 8 s
    .cue = Squeeze and lift as if holding in gas, then let go fully. Spread the sets over the day and build up slowly.

exercise-pelvic-floor-quick-squeezes = Pelvic floor quick squeezes
    .reps = 10
    .cue = Squeeze and lift quickly, then relax completely before the next one.

exercise-pelvic-tilts = Pelvic tilts
    .reps = 10
    .cue = Lying on your back with knees bent, gently flatten then arch your lower back. After a C-section, roll onto your side to get up.

exercise-short-walk = Short walk
    .reps = 10 min
    .cue = An easy pace. Shorter on tired days, a little longer when it feels good.

phase-2 = Build strength
    .goal = Build strength in your hips, legs and pelvic floor, with your body weight to start: three sessions a week on your training days, with rest days between.
    .moves_on = From 6 weeks, once your postpartum checkup has cleared you, your incision has healed if you had a C-section, and the walk, balance and squat tests feel comfortable, you move on to retraining for impact.

exercise-squats = Squats
    .reps = 10
    .cue = Sit back as if to a chair, knees in line with your toes, and breathe out as you stand.

exercise-sumo-deadlifts = Sumo deadlifts
    .reps = 10
    .cue = Feet wide, toes turned out; hinge at the hips with a long back. Add weight only after your postpartum checkup.

exercise-hip-bridges = Hip bridges
    .reps = 10
    .cue = Breathe out and gently lift your pelvic floor as you raise your hips.

exercise-step-ups = Step-ups
    .reps = 10 each leg
    .cue = Use a low, steady step and push up through your whole foot.

phase-3 = Retrain for impact
    .goal = Get your legs and pelvic floor ready for running, one leg at a time: three sessions a week on your training days, with rest days between.
    .moves_on = From 12 weeks, once all seven load and impact tests feel comfortable (no pain, heaviness or leaking) and, after a C-section, your incision has healed without concern, you can start run/walk intervals.

exercise-single-leg-box-squat = Single-leg box squat
    .reps = 8 each leg
    .cue = Sit down to a box or low chair on one leg and stand back up; keep a hand near a wall.

exercise-single-leg-bridge-or-romanian-deadlift = Single-leg bridge or Romanian deadlift
    .reps = 8 each leg
    .cue = Keep your hips level the whole way up and down.

exercise-single-leg-calf-raise = Single-leg calf raise
    .reps = 10 each leg
    .cue = Rise slowly onto your toes and lower even more slowly; hold a wall for balance.

exercise-step-downs = Step-downs
    .reps = 8 each leg
    .cue = Lower your heel slowly from a low step, knee in line with your toes.

exercise-small-hops = Small hops
    .reps = 10
    .cue = Not before 12 weeks. Land softly with bent knees; stop if you leak or feel heaviness.

exercise-single-leg-hops = Single-leg hops
    .reps = 10 each leg
    .cue = Only once small hops feel easy, and not before 12 weeks. Land softly and stay near a wall.

phase-4 = Return to running
    .goal = Run/walk intervals over short distances, three times a week with a rest day between.
    .moves_on = Build up one change at a time (a longer run, a shorter walk or one more repeat), and only after sessions with no symptoms. Repeat a step whenever you need, and drop back after a symptom. Running with a stroller waits until about 6 months.

exercise-brisk-walk-warm-up = Brisk walk warm-up
    .reps = 5 min
    .cue = Walk briskly enough to feel warm before your first run.

exercise-run-walk-intervals = Run/walk intervals
    .reps = 1 min run + 1 min walk
    .cue = Short strides and a slight forward lean. If a symptom starts, stop and walk; don't finish the interval.

exercise-shake-out = Shake out
    .reps = 3 min
    .cue = Walk easy and gently shake out your legs and arms.

exercise-strength-and-mobility = Strength and mobility
    .reps = 20 min, twice a week
    .cue = Keep up your phase 2 and 3 moves on days you don't run.

sign-baby_danger = Her baby may need urgent help

## The plan (issue 12): the week's shape, the daily pelvic floor, the greeting, logging another day, pelvic floor reminders

exercise-rest-easy-walk = Easy walk, if you feel like it
    .reps = 10 to 20 min
    .cue = A gentle pace with the stroller or on your own. Resting is part of the plan too.

nudge-greeting_morning = Good morning!

nudge-greeting_afternoon = Good afternoon!

nudge-greeting_evening = Good evening!

nudge-greeting_night = Hello!

nudge-pelvic_floor = <b>Your pelvic floor, every day</b> (spread the sets through the day):

nudge-strength_day = <b>Strength day</b> (phase { $number }, { $title }). Today's moves, no run:

nudge-rest_day = <b>Rest day</b> (phase { $number }, { $title }). Let your body recover today:

nudge-button_other_day = I did it another day

nudge-other_day_prompt = Which day did you do it? Tap the day, and I'll log it as done.

nudge-other_day_none = Every day of the past week is already logged. Nice work!

nudge-other_day_run = run

nudge-other_day_session = exercises

nudge-other_day_rest = pelvic floor

nudge-other_day_what = What did you do on { $date }?

nudge-other_day_ran = I went for a run

nudge-other_day_planned = What the plan said ({ $what })

nudge-pelvic_reminder = Time for a quick pelvic floor set: squeeze and lift, hold, then let go fully. A few long holds, then some quick squeezes.

settings-pelvic_line = Pelvic floor reminders: { $times }

settings-pelvic_button = Pelvic floor reminders

settings-pelvic_prompt = A short reminder to do your pelvic floor exercises, at up to three times a day. Tap the times you'd like, or type one (like 2:15 pm). Tap a ticked time to remove it.

settings-pelvic_off_button = Turn them off

settings-pelvic_too_many = Three a day is the most. Remove one first.

command-log = Log a session or run from another day
