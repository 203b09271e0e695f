"""The staff desk: working the escalations, announcements, and the clinic's reports."""
