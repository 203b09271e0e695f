# British English: only the messages that differ from content/locales/en-US.

privacy-privacy =
    <b>Your data, and what I do with it</b>
    
    <b>What I keep</b>
    Your name and Telegram id; your answers to my questions (when your baby was born, how the birth went, any symptoms you ticked); your phase and plan; your reminder settings; how your sessions went; the reminders and APEX announcements I've sent you; any warning sign I passed on to the APEX team; and your phone number, only if you shared it so that APEX can call you back.
    
    <b>Why</b>
    So your plan fits you and your body, your reminders come at the right time, and the APEX team can step in if something isn't right.

    <b>Messages to the clinic</b>
    What you write to the APEX team with /ask (and their answers) is kept with the rest, for as long: a conversation quiet for that long is deleted too. /export includes it, and /delete removes it, here and in the team's chat.
    
    <b>If you're in danger</b>
    If you ever describe a serious warning sign, even before you've agreed to anything, I tell the APEX team your first name, your Telegram id and which warning sign it sounded like, and they keep a record of that alert. This is done to protect your health, so it doesn't wait for your consent. Nothing else you typed is kept.
    
    <b>Who sees it</b>
    Only the team at APEX Performance Wellness &amp; Rehab. It isn't sold or shared with anyone else. Our chat itself travels through Telegram, under Telegram's own privacy policy.
    
    <b>How long</b>
    While you're using me. If you haven't answered any questions, logged a session or had a reminder from me for { $retention_months ->
        [one] { $retention_months } month
       *[other] { $retention_months } months
    }, I delete your answers and session history by myself.
    
    <b>It's yours</b>
    /export: a file with everything I keep about you
    /delete: delete it all, for good
    
    The clinic's privacy policy: { $policy_url }
    
    I'm not an emergency service. If you feel unwell or unsafe right now, call { $emergency_number }.
