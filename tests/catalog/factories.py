"""Catalog factories: published catalogs and items for any module's tests.

    from tests.catalog.factories import published_item
    item = published_item(commitment_eligible=True)"""
import itertools

from app.accounts.roles import OfficeKind
from app.catalog.models import (CatalogVersion, ItemCentre, ItemMaterial, ServiceItem,
                                VersionStatus)
from app.catalog.services import current_version
from app.core import clock
from app.extensions import db
from tests import factories

_seq = itertools.count(1)


def catalog(status=VersionStatus.PUBLISHED, year=2026, revision=None) -> CatalogVersion:
    if revision is None:
        revision = 100 + next(_seq)
    version = CatalogVersion(year=year, revision=revision, status=status,
                             published_at=clock.now() if status == VersionStatus.PUBLISHED else None)
    db.session.add(version)
    db.session.flush()
    return version


def department_offices():
    """(department, approval office under it, supervision office under it)."""
    dept = factories.office(OfficeKind.DEPARTMENT)
    return (dept, factories.office(OfficeKind.APPROVAL, parent=dept),
            factories.office(OfficeKind.SUPERVISION, parent=dept))


def item(version=None, *, department=None, office=None, supervision_office=None,
         materials=2, centres=(), **fields) -> ServiceItem:
    if version is None:
        version = current_version() or catalog()
    if department is None:
        department, own_office, own_supervision = department_offices()
        office = office or own_office
        supervision_office = supervision_office or own_supervision
    n = next(_seq)
    fields.setdefault("code", f"T-ITEM-{n:05d}")
    fields.setdefault("main_name", f"测试事项{n}")
    obj = ServiceItem(catalog_version=version, department=department,
                      office=office or department, supervision_office=supervision_office,
                      **fields)
    obj.materials = [ItemMaterial(position=i, name=f"材料{i + 1}") for i in range(materials)]
    obj.centres = [ItemCentre(centre=c, daily_quota=q) for c, q in centres]
    db.session.add(obj)
    db.session.flush()
    return obj


def published_item(**fields) -> ServiceItem:
    return item(None, **fields)
