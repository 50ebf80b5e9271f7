"""好差评 rules (issue 21): ratings.py (REV-1), callbacks.py (REV-2), cases.py (REV-5),
points.py (REV-3, REV-4, REV-6), access.py (who is the review office, the unit's reviewer)."""
