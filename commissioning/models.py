"""Providers, service lines, procurements, contracts, extensions, risks and contract KPIs."""
