"""The scheduled jobs (PTB's JobQueue): the minute tick of nudges and reminders, and the daily
retention purge."""
