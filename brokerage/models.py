"""Personal budgets, open frameworks, admissions, call-offs, bids, care packages and reviews."""
