"""Whole domain words, found with jieba and the domain dictionary (data/jieba_user.dict).

A signal word counts unless it stands inside a longer domain word: 租赁住房 inside 保障性租赁住房, 保障性住房
inside 保障性住房用地, 开工 inside 新开工 are not read on their own. jieba cuts the text with the domain
words kept whole; only those domain words shield what is inside them, so a general-vocabulary cut
(计划分配 as one word) never hides a signal.
"""
from __future__ import annotations

import logging
import sys
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from parsers.cache import kept

_domain: set[str] = set()


def _import_jieba():
    """jieba, imported without pkg_resources (a quarter of a second, to scan every installed
    package): without it, jieba opens its own files by their path, as it does where setuptools is absent."""
    if "pkg_resources" in sys.modules:
        import jieba
    else:
        sys.modules["pkg_resources"] = None  # import pkg_resources raises ImportError
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    return jieba


@cache
def _tokenizer():
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    text = resources.files("parsers").joinpath("data").joinpath("jieba_user.dict").read_text(encoding="utf-8")

    def build() -> tuple:
        for line in text.splitlines():
            if line.strip():
                word, *rest = line.split()
                tokenizer.add_word(word, int(rest[0]) if rest else None)
                _domain.add(word)
        return tokenizer.FREQ, tokenizer.total, sorted(_domain)

    # jieba's own cache of its dictionary is read object by object from the file (a second); this
    # one, with the domain words added, in a quarter of that
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    info = dictionary.stat()
    tokenizer.FREQ, tokenizer.total, domain = kept(
        "jieba", f"{jieba.__version__}|{dictionary}|{info.st_size}|{info.st_mtime_ns}|{text}", build)
    tokenizer.initialized = True
    _domain.update(domain)
    return tokenizer


def add_words(words) -> None:
    """Keep these words whole too (catalog signals, place names)."""
    tokenizer = _tokenizer()
    for word in words:
        if word not in _domain:
            tokenizer.add_word(word, freq=2000)
            _domain.add(word)
    shields.cache_clear()


@lru_cache(maxsize=4096)
def shields(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the domain words jieba finds in `text`."""
    tokenizer = _tokenizer()
    return tuple((s, e) for word, s, e in tokenizer.tokenize(text, HMM=False) if word in _domain)


def last_word(text: str, word: str) -> int:
    """Where `word` last stands in `text` other than inside a longer domain word; -1 if nowhere."""
    pos = text.rfind(word)
    return -1 if pos < 0 else _standing(text, word, pos, backwards=True)  # mostly absent: no tokenizing


def first_word_at(text: str, word: str) -> int:
    """Where `word` first stands in `text` other than inside a longer domain word; -1 if nowhere."""
    pos = text.find(word)
    return -1 if pos < 0 else _standing(text, word, pos, backwards=False)


def _standing(text: str, word: str, pos: int, backwards: bool) -> int:
    """From `word` at `pos`, the first of its places (earlier ones when `backwards`) not inside a
    longer domain word; -1 if none."""
    spans = shields(text)
    while pos >= 0:
        end = pos + len(word)
        if not any(s <= pos and end <= e and (s, e) != (pos, end) for s, e in spans):
            return pos
        pos = text.rfind(word, 0, end - 1) if backwards else text.find(word, pos + 1)
    return -1
