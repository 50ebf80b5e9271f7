"""Demo partners placeholder — filled below."""


def load():
    pass
