# The staff desk's words for the line to the clinic, the mother's record and join codes
# (issue 13). Staff only: the clinic's English, never translated.

# --- her thread, as the staff chat sees it ---
staff-line-from_mother =
    💬 <b>{ $name }</b> writes · phase { $phase } · { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    } after the birth · reads { $language }
staff-line-weeks_unknown = ?
staff-line-open_escalation = ⚠️ Open escalation: { $level }, { $state }
staff-line-flagged = ⚠️ <b>Warning sign ({ $level }), escalated</b>: she has had the advice; see the alert.
staff-line-media = [{ $kind }]
staff-line-reply_hint = <i>Reply to this message to answer her (signed with your first name); /note in a reply adds a note only staff see.</i>
staff-line-record_button = 📋 Her record

staff-line-reply_sent = ✓ Sent to { $name }, signed { $staff }.
staff-line-reply_failed = ✗ Not delivered to { $name }: she has blocked the bot, or Telegram refused it.
staff-line-reply_gone = She has deleted her data: nothing was sent.
staff-line-note_saved = 📝 Note added to { $name }'s thread.
staff-line-note_usage = To add a note, reply to one of her thread's messages, or to an escalation alert, with /note and the text.
staff-line-note_saved_escalation = 📝 Note added to this escalation. It shows in her record, for the staff only.
staff-line-note_gone = She has deleted her data: the note was not kept.
staff-line-deleted = (deleted)

# --- her record ---
staff-line-record_sent = Her record is in your private chat with me.
staff-line-record_gone = Nothing is kept about her any more: she deleted her data.
staff-line-record_head =
    📋 <b>Record: { $name }</b>
    Joined { $joined } · source: { $source } · phase { $phase } · birth: { $birth } · reads { $language }
staff-line-record_answers = <b>Latest answers</b> ({ $date })
staff-line-record_history = <b>Results</b>
staff-line-record_phase = phase { $phase }
staff-line-record_sessions = <b>The last { $weeks ->
        [one] week
       *[other] { $weeks } weeks
    }</b>: { $done } done, { $skipped } skipped, { $unanswered } unanswered
staff-line-record_escalations = <b>Escalations</b>
staff-line-record_thread = <b>Messages and notes</b>
staff-line-record_her = her
staff-line-record_note = 📝 { $staff }
staff-line-record_none = none
staff-line-record_cut = … (shortened: the oldest lines are left out)

# --- join codes ---
staff-line-codes_head = <b>Join codes</b>: whoever starts the bot through a link is counted under it.
staff-line-codes_line =
    • { $label }: { $count } joined
      { $link }
staff-line-codes_none = No join codes yet.
staff-line-codes_usage = To make one: /codes followed by its label, e.g. “/codes postnatal class, March”
staff-line-code_created =
    New join code for “{ $label }”:
    { $link }
    Share the link: whoever starts the bot through it is counted here, and announcements can go to them (/broadcast, “Joined through a code”).
staff-line-code_pick = Which code's mothers? Press one, or type a code.
