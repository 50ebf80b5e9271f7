"""Chinese word segmentation for the knowledge base (HOT-20): jieba with a bundled user
dictionary of government terms (data/gov_terms.txt, one `term [freq] [tag]` a line; edit it and
run `flask knowledge reindex`). Text is segmented at write time; queries with the same tool."""
import re
from functools import lru_cache
from pathlib import Path

import jieba

DICTIONARY = Path(__file__).parent / "data" / "gov_terms.txt"
WORD = re.compile(r"[\w\u4e00-\u9fff]+")
STOP = frozenset("的 了 和 与 及 或 是 在 我 你 他 她 它 吗 呢 啊 吧 怎么 如何 什么 请问 哪里 怎样 要 想 能 可以 有 没有 一下".split())


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(DICTIONARY))
    return tokenizer


def warm() -> None:
    """Load the dictionary now (a worker parent does, before it forks its work horses)."""
    _tokenizer().initialize()


def reload() -> None:
    """After the user dictionary was edited."""
    _tokenizer.cache_clear()
    _query_terms.cache_clear()


def tokens(text: str) -> list[str]:
    """Search-mode tokens (a long word also yields its dictionary sub-words: 住房公积金 →
    住房, 公积, 公积金, 住房公积金), lower-cased, without punctuation."""
    found = []
    for token in _tokenizer().cut_for_search(text or ""):
        token = token.strip().lower()
        if token and WORD.fullmatch(token):
            found.append(token)
    return found


def segmented(text: str) -> str:
    """The text as space-separated tokens: what both full-text backends index."""
    return " ".join(tokens(text))


def query_terms(text: str) -> list[str]:
    """The distinct words of a query, stop words dropped (precise mode: every word must match)."""
    return list(_query_terms(text or ""))


@lru_cache(maxsize=4096)  # the repeat check compares a phone's latest orders again at every new one
def _query_terms(text: str) -> tuple[str, ...]:
    words = []
    for token in _tokenizer().cut(text or ""):
        token = token.strip().lower()
        if token and WORD.fullmatch(token) and token not in STOP and token not in words:
            words.append(token)
    return tuple(words)
