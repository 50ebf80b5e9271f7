"""`flask documents sample OUT.pdf` (renders a two-page specimen so an admin can check fonts)."""
from pathlib import Path

import click
from flask.cli import AppGroup

from .pdf import render_pdf

documents_cli = AppGroup("documents", help="公文（PDF）工具")

SAMPLE_PARAGRAPH = (
    "为深入推进承诺制标准化智能化便利化审批制度改革，进一步规范行政审批与事中事后监管的衔接，"
    "压实审批、监管和行业主管部门责任，切实做到审管职责清晰、信息互通、协同高效，"
    "根据有关法律法规和本市实施方案要求，结合工作实际，现就有关事项通知如下。"
)


def sample_context() -> dict:
    return {
        "authority_mark": "天津市市场监督管理委员会文件",
        "number": "津市监审承〔2026〕12号",
        "title": "关于进一步做好承诺审批事项事中事后监管工作的通知",
        "addressee": "各区市场监管局，委机关各处室",
        "authority": "天津市市场监督管理委员会",
        "paragraphs": [SAMPLE_PARAGRAPH] * 4,
        "seal_placeholder": True,
        "copy_to": "市政务服务办，市审批局",
        "printed_by": "天津市市场监督管理委员会办公室",
    }


@documents_cli.command("sample")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def sample(out: Path):
    """渲染两页公文样张，用于检查字体和版式。"""
    data = render_pdf("documents/pdf/sample.html", **sample_context())
    out.write_bytes(data)
    click.echo(f"已生成 {out}（{len(data) // 1024} KB）")
