"""Nearby handling services: cases (intake, handling), clocks (NBY-2, NBY-5 handlers),
ems (NBY-4 mailing and the monthly fee statement), paper (NBY-5 forwarding)."""
