"""`flask hotline rebuild-clusters`: a full rebuild of the near-duplicate index (HOT-15), after
its parameters or the segmentation dictionary changed; day to day the index is incremental."""
import time

import click
from flask.cli import AppGroup

from ..extensions import db
from .services import cluster_rebuild

hotline_cli = AppGroup("hotline", help="12345热线")


@hotline_cli.command("rebuild-clusters")
def rebuild_clusters():
    """重建相似诉求（集中反映）索引。"""
    began = time.perf_counter()
    count, formed = cluster_rebuild.rebuild(progress=lambda n: click.echo(f"已处理 {n} 件……"))
    db.session.commit()
    click.echo(f"重建完成：{count} 件工单，近7日相似诉求组 {formed} 个，用时 {time.perf_counter() - began:.1f} 秒。")
