"""Demo data (placeholder, filled below)."""


def load():
    pass
