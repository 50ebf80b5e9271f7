"""Hotline services: intake, dispatch, handling, requests (returns, extensions), the reply
checker, privacy, SLA policy, lists and the deadline handlers."""
