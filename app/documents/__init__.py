"""Official documents: rendering, numbering, storage (DOC-1)."""


def init_app(app):
    pass
