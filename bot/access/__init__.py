"""Who may do what: every command and button kind declared once, and the gate built from them."""
