"""Consultation events, key messages, documents, actions and equality impact assessments."""
