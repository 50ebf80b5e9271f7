"""投诉、建议、咨询 (issue 20 §2, FBK-1..4): A/B posts, the public filing page, limits, replies
by SMS link, statistics and the daily log report."""


def init_app(app):
    from . import models, services  # noqa: F401  (services registers the FBK clock handler)
