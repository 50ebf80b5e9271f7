"""The printable 办事明白纸 (catalog item sheet): rows kept whole across pages, page numbers."""
import io
import re
import subprocess

from pypdf import PdfReader

from app.catalog.models import ItemMaterial
from tests.catalog import factories as cf


def test_sheet_keeps_material_rows_whole_and_numbers_its_pages(client, login_as):
    item = cf.published_item(main_name="食品经营许可", materials=0)
    point = "按照市场监管部门公布的示范文本填写，加盖公章，法定代表人签字，复印件须注明与原件一致并签字确认。" * 3
    item.materials = [ItemMaterial(position=n, name=f"申请材料第{n}项",
                                   preparation_points=f"{point}（第{n}项要点完）") for n in range(1, 31)]
    login_as("window_clerk")
    response = client.get(f"/catalog/items/{item.id}.pdf")
    assert response.status_code == 200
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(response.data)).pages]
    assert len(pages) >= 3, "30 项材料应跨页打印"
    for number, text in enumerate(pages, start=1):
        assert f"第{number}页共{len(pages)}页" in text, f"第{number}页没有页码"
    for n in range(1, 31):
        starts = [i for i, text in enumerate(pages) if f"申请材料第{n}项" in text]
        ends = [i for i, text in enumerate(pages) if f"（第{n}项要点完）" in text]
        assert starts and starts == ends, f"第{n}项材料的一行被分在两页"
    assert "序号材料名称" in pages[-1]  # the header row repeats on every page
    fonts = subprocess.run(["pdffonts", "-"], input=response.data, capture_output=True, check=True).stdout.decode()
    assert all(row.split()[-5] == "yes" for row in fonts.splitlines()[2:]), fonts  # all embedded
