"""HOT-20 full-text search: the same tests run on SQLite (FTS5) and PostgreSQL (tsvector)."""
from datetime import date

from app.extensions import db
from app.hotline.models import KbArticle
from app.knowledge import segment
from app.knowledge.services import articles, search


def titles(query, **kw):
    return [h.article.title for h in search.search(query, **kw)]


def test_finds_a_phrase_split_differently_from_the_title(world):
    world.article()
    world.article(title="出租车绕路如何投诉", body="乘客可拨打12328投诉。")
    assert titles("公积金提取") == ["住房公积金如何提取"]
    assert search.count("公积金提取") == 1


def test_search_as_you_type_matches_the_last_word_as_a_prefix(world):
    world.article()
    assert titles("公积金提") == ["住房公积金如何提取"]


def test_title_matches_rank_above_body_matches(world):
    world.article(title="退休提取办理指南", body="退休职工可以一次性提取。")
    world.article(title="租房提取办理指南", body="租房时提取公积金，退休以后不适用。")
    world.article(title="公积金退休提取", body="办理条件和材料。")
    assert titles("退休")[-1] == "租房提取办理指南"


def test_only_published_unexpired_articles_are_found(world):
    draft = world.article(publish=False)
    assert titles("公积金") == []
    articles.publish(world.reviewer, draft)
    assert titles("公积金") == ["住房公积金如何提取"]
    articles.update(world.handler, draft, articles.ArticleData(title=draft.title, body=draft.body,
                                                               expires_on=date(2026, 11, 22)))
    assert titles("公积金") == []


def test_withdrawn_articles_leave_the_index_and_edits_are_reindexed(world):
    article = world.article()
    articles.update(world.handler, article, articles.ArticleData(title="住房公积金贷款", body="贷款额度最高为……"))
    assert titles("提取") == [] and titles("贷款") == ["住房公积金贷款"]
    articles.withdraw(world.reviewer, article, "政策调整")
    assert titles("贷款") == []


def test_rows_written_directly_are_segmented_too(world):
    db.session.add(KbArticle(title="居住证办理条件", keywords="居住证", body="在本市居住半年以上……"))
    db.session.flush()
    assert titles("居住证") == ["居住证办理条件"]


def test_snippets_highlight_the_words_and_escape_html(world):
    world.article(body="<b>注意</b>：提取住房公积金需本人办理。")
    hit = search.search("公积金提取")[0]
    assert "<mark>提取</mark>" in hit.snippet and "&lt;b&gt;" in hit.snippet
    assert "<mark>公积金</mark>" in hit.title


def test_user_dictionary_keeps_government_terms_whole():
    assert "住房公积金" in segment.tokens("住房公积金如何提取")
    assert segment.query_terms("怎么办理营业执照") == ["办理", "营业执照"]


def test_unit_filter_and_empty_query(world):
    world.article()
    world.article(title="公积金港口", unit=world.unit2)
    assert titles("公积金", unit_id=world.unit2.id) == ["公积金港口"]
    assert titles("的") == [] and search.count("") == 0
