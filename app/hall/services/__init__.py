"""Service-hall rules, one module per part: booking (APT-1..5), order (APT-6, pure), tickets
(APT-6 ticketing, calling, windows), noshow (APT-7, CRD-8), devices (paired kiosks/screens)."""
