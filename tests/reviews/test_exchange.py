"""The rating exchange file (REV-6): one record per rating, levels 1–5, the rectification when
there is one, never the rater; only the review office downloads it, and each download is audited."""
import csv
import io
import json

from sqlalchemy import select

from app.core.audit import AuditEntry
from app.extensions import db
from app.reviews.models import RatingChannel
from app.reviews.services import ratings
from tests.reviews.factories import finished_matter, hall_with_pad


def test_the_month_exchange_file_as_csv_and_json_lines(client, login_as):
    hall = hall_with_pad()
    good, bad = finished_matter(hall, 1), finished_matter(hall, 2)
    ratings.rate(good, RatingChannel.PAD, level="very_satisfied")
    ratings.rate(bad, RatingChannel.ONLINE, level="unsatisfied", categories=["态度差", "多次跑"],
                 comment="排队太久", rater_name="王评价", rater_phone="13800000001")
    db.session.commit()

    login_as("leader", office=hall.item.office)  # a unit's leader: not the review office
    assert client.get("/reviews/exchange?month=2026-11").status_code == 403

    login_as("leader", office=hall.office.office)
    response = client.get("/reviews/exchange?month=2026-11")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["matter_number"], r["level"], r["channel"]) for r in rows] == [
        (good.number, "5", "pad"), (bad.number, "2", "online")]
    assert rows[1]["categories"] == "多次跑;态度差" and rows[1]["rated_at"].endswith("+08:00")
    assert "王评价" not in text and "13800000001" not in text

    lines = client.get("/reviews/exchange?month=2026-11&format=jsonl").data.decode().splitlines()
    assert json.loads(lines[1])["comment"] == "排队太久" and json.loads(lines[0])["rectified"] is False
    assert client.get("/reviews/exchange?month=2026-10").data.decode("utf-8-sig").count("\n") == 1
    exported = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "review.exchange_exported")).all()
    assert len(exported) == 3
