"""Ledger services: scope (who sees which offices' rows), periods, queries and exports."""
