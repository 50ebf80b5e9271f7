"""办件 register (issue 19 §1): one record of every matter a window handles."""


def init_app(app):
    from ..commitment.events import case_decided
    from . import models  # noqa: F401
    from .services import from_commitment_case

    case_decided.connect(from_commitment_case, weak=False)  # the case gets its 办件 row
