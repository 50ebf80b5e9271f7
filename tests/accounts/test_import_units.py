"""`flask accounts import-units`: the 90 units of seed 000, one-time passwords (SEC-1)."""
import stat

from sqlalchemy import func, select

from app.accounts import services
from app.accounts.models import Office, User
from app.accounts.roles import OfficeKind
from app.extensions import db


def test_bundled_unit_list_is_the_seed_account_table():
    units = services.bundled_units()
    assert len(units) == 90
    assert units[0] == ("TZJ001", "和平区", "district")
    assert units[-1] == ("TZJ116", "市港航管理局", "city")
    assert len({code for code, _, _ in units}) == 90


def test_import_units_creates_90_units_once_with_private_one_time_passwords(app, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "units.txt"
    result = runner.invoke(args=["accounts", "import-units", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "90" in result.output

    units = db.session.scalars(select(Office).where(Office.kind == OfficeKind.HANDLING_UNIT)).all()
    assert len(units) == 90
    handlers = db.session.scalars(select(User).join(Office).where(Office.kind == OfficeKind.HANDLING_UNIT)).all()
    assert len(handlers) == 90
    assert all(u.roles == {"unit_handler"} and u.must_change_password for u in handlers)
    assert not any(u.check_password("123") for u in handlers[:5])

    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    lines = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert len(lines) == 90
    by_code = {u.username: u for u in handlers}
    code, name, password = lines[0]
    assert (code, name) == ("TZJ001", "和平区")
    assert password != "123" and by_code[code].check_password(password)
    assert len({p for _, _, p in lines}) == 90

    # idempotent: a second run creates nothing and writes no new file
    again = runner.invoke(args=["accounts", "import-units", "--out", str(tmp_path / "again.txt")])
    assert again.exit_code == 0 and "未创建新账号" in again.output
    assert not (tmp_path / "again.txt").exists()
    assert db.session.scalar(select(func.count(Office.id)).where(Office.kind == OfficeKind.HANDLING_UNIT)) == 90


def test_import_skips_existing_units_and_never_overwrites_a_password_file(app, tmp_path):
    from tests import factories

    factories.office(kind="handling_unit", name="和平区").code = "TZJ001"
    db.session.commit()
    created = services.import_units([("TZJ001", "和平区", "district"), ("TZJ002", "河东区", "district")])
    assert [c[0] for c in created] == ["TZJ002"]

    out = tmp_path / "exists.txt"
    out.write_text("keep")
    result = app.test_cli_runner().invoke(args=["accounts", "import-units", "--out", str(out)])
    assert result.exit_code != 0 and "文件已存在" in result.output
    assert out.read_text() == "keep"
    assert db.session.scalar(select(func.count(Office.id)).where(Office.code.like("TZJ%"))) == 2
