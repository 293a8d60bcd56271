"""Financial years, funding streams, budgets, allocations, commitments, spend, savings and exports."""
