"""Commitment approval (承诺审批, CMT-1..8): the approval office's side."""


def init_app(app):
    from . import models  # noqa: F401
    from .credit import connect_blacklisted
    from .services import on_party_blacklisted

    connect_blacklisted(on_party_blacklisted)  # CMT-7
