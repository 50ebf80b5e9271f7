"""就近办（同城通办） (issue 20 §1): intake at any centre, the handling window with its 15 + 15
minute escalation, EMS results and paper forwarding (NBY-1..6, docs/nearby.md)."""


def init_app(app):
    from . import models  # noqa: F401
    from .services import clocks  # noqa: F401  (registers the NBY-2 / NBY-5 clock handlers)

