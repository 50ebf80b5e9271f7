"""After the hotline reply (issue 17): ratings, appeals (申诉) of dissatisfied orders and the
unit's satisfaction after appeals. Imports run followup → hotline, never back."""


def init_app(app):
    from . import models  # noqa: F401
