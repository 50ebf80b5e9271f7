"""The rating data exchange file (REV-6, 互联互通): one flat record per rating for the
national 一体化政务服务平台. Its official field list was not available to us, so the layout is
our own, documented in docs/reviews.md; it never carries the rater's name or phone (REV-1)."""
import csv
import io
import json
from datetime import datetime

from sqlalchemy import select

from ...core import clock
from ...extensions import db
from ..models import BadReviewCase, Level, Rating, RectificationEntry

LEVEL_SCORES = {Level.VERY_UNSATISFIED: 1, Level.UNSATISFIED: 2, Level.BASIC: 3,
                Level.SATISFIED: 4, Level.VERY_SATISFIED: 5}
FIELDS = ("matter_number", "item_code", "item_name", "unit_name", "centre_name", "window",
          "channel", "level", "categories", "comment", "rated_at", "rectified", "rectified_at")


def _iso(moment: datetime | None) -> str:
    return moment.astimezone(clock.SHANGHAI).isoformat() if moment else ""


def records(start: datetime, end: datetime) -> list[dict]:
    """Every rating given in [start, end), oldest first, with its rectification if any."""
    rows = db.session.execute(
        select(Rating, RectificationEntry.done_at)
        .outerjoin(BadReviewCase, BadReviewCase.rating_id == Rating.id)
        .outerjoin(RectificationEntry, RectificationEntry.case_id == BadReviewCase.id)
        .where(Rating.created_at >= start, Rating.created_at < end)
        .order_by(Rating.created_at, Rating.id)).all()
    out = []
    for rating, rectified_at in rows:
        matter = rating.matter
        out.append({
            "matter_number": matter.number, "item_code": matter.item_code,
            "item_name": matter.item_name, "unit_name": matter.office.name,
            "centre_name": matter.centre.name if matter.centre else "",
            "window": matter.window_label, "channel": rating.channel.value,
            "level": LEVEL_SCORES[rating.level], "categories": ";".join(rating.category_list),
            "comment": rating.comment, "rated_at": _iso(rating.created_at),
            "rectified": rectified_at is not None, "rectified_at": _iso(rectified_at),
        })
    return out


def as_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: opens in Chinese Excel too


def as_json_lines(rows: list[dict]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
