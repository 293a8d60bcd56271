"""Every write and every rule of the contracts register, one module per feature."""
