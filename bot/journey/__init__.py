"""The mother's journey after the screening: her plan for today, her sessions and check-ins,
/symptoms, /progress, her commands, and her data (/privacy, /export, /delete)."""
