"""Factories for the objects most tests need. Domain tests add their own beside them."""
import itertools

from app.accounts.models import Office, User
from app.accounts.roles import OfficeKind, OfficeLevel
from app.core import identity
from app.extensions import db
from app.parties.models import Party, PartyKind

_seq = itertools.count(1)

# The office kind a role normally works in.
ROLE_OFFICE_KIND = {
    "approver": OfficeKind.APPROVAL,
    "supervisor": OfficeKind.SUPERVISION,
    "credit_officer": OfficeKind.APPROVAL,
    "coordinator": OfficeKind.APPROVAL,
    "window_clerk": OfficeKind.SERVICE_CENTRE,
    "hotline_agent": OfficeKind.HOTLINE_CENTRE,
    "hotline_reviewer": OfficeKind.HOTLINE_CENTRE,
    "callback_agent": OfficeKind.HOTLINE_CENTRE,
    "unit_handler": OfficeKind.HANDLING_UNIT,
}


def office(kind=OfficeKind.APPROVAL, name=None, parent=None, level=OfficeLevel.CITY, **fields) -> Office:
    n = next(_seq)
    obj = Office(code=f"T{n:05d}", name=name or f"测试{OfficeKind(kind).label}{n}", kind=OfficeKind(kind),
                 level=level, parent=parent, **fields)
    db.session.add(obj)
    db.session.flush()
    return obj


def user(*roles: str, office=None, password="Valid#Passw0rd-x", **fields) -> User:
    n = next(_seq)
    if office is None:
        kind = ROLE_OFFICE_KIND.get(roles[0] if roles else "", OfficeKind.SERVICE_OFFICE)
        office = globals()["office"](kind)
    fields.setdefault("username", f"user{n}")
    fields.setdefault("name", f"测试用户{n}")
    fields.setdefault("must_change_password", False)
    obj = User(office=office, **fields)
    obj.set_roles(roles)
    obj.set_password(password)
    db.session.add(obj)
    db.session.flush()
    return obj


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the second factor of enrolled test users


def enrol_second_factor(user, secret: str = TOTP_SECRET) -> None:
    from app.core import clock

    user.totp_secret, user.totp_enabled_at = secret, clock.now()


def totp_code(secret: str = TOTP_SECRET, steps: int = 0) -> str:
    """The code an authenticator shows at the (frozen) clock, `steps` × 30 s away."""
    import pyotp

    from app.core import clock

    return pyotp.TOTP(secret).at(clock.now().timestamp() + 30 * steps)


def signed_in_session(session, user, *, second_factor: bool = True, reauth: bool = True) -> None:
    """Put a signed-in user into a test client's cookie session, with the server-side session
    record every request is checked against (issue 15 §2). By default the record counts the
    second factor as given and the password as freshly re-entered; the tests of those steps
    (tests/security) pass False to see them asked for."""
    from app.accounts import sessions

    record, token = sessions.open_session(user, second_factor=second_factor)
    if reauth:
        sessions.reauthenticated(record)
    db.session.flush()
    session["_user_id"] = user.get_id()
    session["_fresh"] = True
    session[sessions.TOKEN_KEY] = token
    session.permanent = True


def person_id(n: int) -> str:
    """A valid resident ID number, different for every n."""
    first17 = f"120101{1950 + n % 50}0101{n % 1000:03d}"
    return first17 + identity.resident_id_check_char(first17)


def org_code(n: int) -> str:
    """A valid unified social credit code, different for every n."""
    first17 = f"91120000MA{n:07d}"
    return first17 + identity.uscc_check_char(first17)


def party(kind=PartyKind.ORG, identifier=None, name=None, **fields) -> Party:
    n = next(_seq)
    kind = PartyKind(kind)
    if identifier is None:
        identifier = org_code(n) if kind == PartyKind.ORG else person_id(n)
    label = "企业" if kind == PartyKind.ORG else "个人"
    fields.setdefault("phone", "13800138000")
    obj = Party(kind=kind, identifier=identifier, name=name or f"测试{label}{n}", **fields)
    db.session.add(obj)
    db.session.flush()
    return obj
