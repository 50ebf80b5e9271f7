import enum
from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core import clock
from ..core.identity import mask_id_number, mask_phone
from ..core.types import UTCDateTime, enum_column
from ..extensions import db

# Who works with the registry (documented in the module docstring of app/parties/views.py).
VIEW_ROLES = frozenset({"approver", "credit_officer", "window_clerk", "supervisor", "admin"})
EDIT_ROLES = frozenset({"approver", "credit_officer", "window_clerk", "admin"})
REVEAL_ROLES = frozenset({"approver", "credit_officer", "window_clerk", "supervisor"})


class PartyKind(str, enum.Enum):
    PERSON = "person"
    ORG = "org"

    @property
    def label(self) -> str:
        return {"person": "自然人", "org": "法人或其他组织"}[self.value]

    @property
    def identifier_label(self) -> str:
        return {"person": "身份证号码", "org": "统一社会信用代码"}[self.value]


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

    @property
    def masked_identifier(self) -> str:
        return mask_id_number(self.identifier)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    # The registry is city-wide (one credit file per party, CRD-1): no office scope.
    @staticmethod
    def can_view(user) -> bool:
        return user.has_any_role(VIEW_ROLES)

    @staticmethod
    def can_edit(user) -> bool:
        return user.has_any_role(EDIT_ROLES)

    @staticmethod
    def can_reveal(user) -> bool:
        return user.has_any_role(REVEAL_ROLES)
