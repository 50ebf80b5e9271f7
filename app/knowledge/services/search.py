"""ONE knowledge-base search service over two backends (HOT-20, HOT-3): PostgreSQL ranks the
tsvector column (title words weighted A, body B: the title boost) with ts_rank; SQLite ranks
its FTS5 table with bm25 (title column weighted 10). Both index the text segmented at write
time; the query is segmented with the same dictionary, every word must match (or any, ranked,
for suggestions), the last one as a prefix (the agent is still typing). Snippets are highlighted here, the same for both."""
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape
from sqlalchemy import text

from ...core import clock
from ...extensions import db
from ..models import Article, Status
from .. import segment

SNIPPET_CHARS = 80


@dataclass
class Hit:
    article: Article
    rank: float
    snippet: Markup
    title: Markup


def _fts5_query(words: list[str], any_word: bool) -> str:
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return (" OR " if any_word else " AND ").join(quoted)


def _tsquery(words: list[str], any_word: bool) -> str:
    parts = ["'" + w.replace("'", "''").replace("\\", "") + "'" for w in words]
    parts[-1] += ":*"
    return (" | " if any_word else " & ").join(parts)


PG = dict(select="SELECT id, ts_rank(search_vector, q, 1) AS rank",
          where="""FROM kb_article, to_tsquery('simple', :q) q WHERE search_vector @@ q AND status = :status
                   AND (expires_on IS NULL OR expires_on >= :today)""",
          unit="AND owner_unit_id = :unit", order="ORDER BY rank DESC, id DESC")
SQLITE = dict(select="SELECT a.id, -bm25(kb_article_fts, 10.0, 1.0) AS rank",
              where="""FROM kb_article_fts JOIN kb_article a ON a.id = kb_article_fts.rowid
                       WHERE kb_article_fts MATCH :q AND a.status = :status
                       AND (a.expires_on IS NULL OR a.expires_on >= :today)""",
              unit="AND a.owner_unit_id = :unit", order="ORDER BY rank DESC, a.id DESC")


def _statement(query: str, unit_id: int | None, today: date | None, any_word: bool = False):
    """(SQL parts, parameters) for the current backend, or None when the query has no words."""
    words = segment.query_terms(query)
    if not words:
        return None
    postgres = db.session.get_bind().dialect.name == "postgresql"
    params = dict(q=_tsquery(words, any_word) if postgres else _fts5_query(words, any_word), status=Status.PUBLISHED.value,
                  today=today or clock.today(), **({"unit": unit_id} if unit_id else {}))
    parts = PG if postgres else SQLITE
    return f"{parts['where']} {parts['unit'] if unit_id else ''}", parts, params


def ranked_ids(query: str, *, limit: int = 10, offset: int = 0, unit_id: int | None = None,
               today: date | None = None, any_word: bool = False) -> list[tuple[int, float]]:
    """(article id, rank), best first: the published, unexpired articles matching every word
    (any_word: any of them — suggestions from a caller's whole sentence, most words first)."""
    statement = _statement(query, unit_id, today, any_word)
    if statement is None:
        return []
    where, parts, params = statement
    sql = text(f"{parts['select']} {where} {parts['order']} LIMIT :limit OFFSET :offset")
    return [(row.id, float(row.rank)) for row in db.session.execute(sql, {**params, "limit": limit, "offset": offset})]


def count(query: str, *, unit_id: int | None = None, today: date | None = None) -> int:
    statement = _statement(query, unit_id, today)
    if statement is None:
        return 0
    where, _, params = statement
    return db.session.scalar(text(f"SELECT count(*) {where}"), params)


def search(query: str, *, limit: int = 10, offset: int = 0, unit_id: int | None = None,
           any_word: bool = False) -> list[Hit]:
    ranked = ranked_ids(query, limit=limit, offset=offset, unit_id=unit_id, any_word=any_word)
    articles = {a.id: a for a in db.session.query(Article).filter(Article.id.in_([i for i, _ in ranked]))}
    words = segment.query_terms(query)
    return [Hit(articles[i], rank, highlight(snippet_of(articles[i].body, words), words),
                highlight(articles[i].title, words)) for i, rank in ranked if i in articles]


def snippet_of(body: str, words: list[str]) -> str:
    """A window of the body around the first matching word."""
    positions = [p for p in (body.lower().find(w) for w in words) if p >= 0]
    start = max(0, min(positions) - SNIPPET_CHARS // 4) if positions else 0
    piece = body[start:start + SNIPPET_CHARS]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(body) else "")


def highlight(value: str, words: list[str]) -> Markup:
    """The value, escaped, with every matching word in <mark>."""
    lowered, marks = value.lower(), [False] * len(value)
    for word in words:
        at = lowered.find(word)
        while word and at >= 0:
            marks[at:at + len(word)] = [True] * len(word)
            at = lowered.find(word, at + len(word))
    out, i = [], 0
    while i < len(value):
        j = i
        while j < len(value) and marks[j] == marks[i]:
            j += 1
        chunk = escape(value[i:j])
        out.append(Markup("<mark>") + chunk + Markup("</mark>") if marks[i] else chunk)
        i = j
    return Markup("").join(out)
