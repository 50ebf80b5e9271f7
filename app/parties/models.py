import enum
from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core import clock
from ..core.types import UTCDateTime, enum_column
from ..extensions import db


class PartyKind(str, enum.Enum):
    PERSON = "person"
    ORG = "org"

    @property
    def label(self) -> str:
        return {"person": "自然人", "org": "法人或其他组织"}[self.value]


class Party(db.Model):
    """An applicant: a person (resident ID number) or an organisation (unified social credit
    code). `identifier` holds whichever applies, upper-cased, and is unique (CRD-1)."""

    __tablename__ = "party"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PartyKind] = mapped_column(enum_column(PartyKind, 10))
    name: Mapped[str] = mapped_column(String(200), index=True)
    identifier: Mapped[str] = mapped_column(String(18), unique=True)
    legal_representative: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.name
