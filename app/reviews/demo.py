"""Demo data of 好差评 (filled below)."""


def load():
    pass
