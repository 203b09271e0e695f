"""Safety and escalation: the net that reads every message for warning signs, the one way to
escalate, and the staff alerts it sends."""
