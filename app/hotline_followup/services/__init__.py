"""Hotline follow-up services: ratings (HOT-11, HOT-17) and appeals (HOT-18, HOT-19)."""
