"""Leaders' dashboards (issue 22): the indicator registry (indicators/), the daily rollup
(models.py, services/rollup.py), the one statistics service (services/stats.py), the
dashboard by scope with drill-down to the records, and the big screen of the hall's wall."""


def init_app(app):
    from . import models  # noqa: F401
