"""Demo data: filled in later."""


def load():
    pass
