"""Implementations of the reader interface over the other modules (registered in init_app when
the module is installed). Each reads through that module's own lookup functions."""
from sqlalchemy import select

from ..extensions import db


def catalog_standards(office_ids: set[int]) -> tuple[int, int]:
    """Art 28(1): current catalog items supervised by the offices, and how many of them have a
    published supervision standard (LNK-1)."""
    from ..catalog.models import StandardRevision, StandardStatus, SupervisionStandard
    from ..catalog.services import current_items

    codes = {item.code for office_id in office_ids for item in current_items(supervision_office_id=office_id)}
    if not codes:
        return 0, 0
    published = set(db.session.scalars(
        select(SupervisionStandard.item_code).join(StandardRevision)
        .where(SupervisionStandard.item_code.in_(codes), StandardRevision.status == StandardStatus.PUBLISHED)))
    return len(published), len(codes)


def register_all(app) -> None:
    from . import reader

    from .. import MODULES

    if "app.catalog" in MODULES:
        reader.register(app, "standards", catalog_standards)
