"""Carers, cared-for people, contacts, referrals, assessments, contingency plans and carer KPIs."""
