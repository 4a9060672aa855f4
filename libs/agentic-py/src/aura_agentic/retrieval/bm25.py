"""Okapi BM25 over small in-memory documents: dependency-free and deterministic."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence


class BM25:
    """Scores token queries against a fixed list of tokenised documents."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.4, b: float = 0.7) -> None:
        self.k1 = k1
        self.b = b
        self._tf = [Counter(doc) for doc in documents]
        self._len = [len(doc) for doc in documents]
        self._avg = (sum(self._len) / len(self._len)) if self._len else 0.0
        df: Counter[str] = Counter()
        for tf in self._tf:
            df.update(tf.keys())
        n = len(documents)
        # BM25+ style floor keeps idf positive for terms present in most documents
        self._idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: Sequence[str]) -> list[float]:
        """One score per document; repeated query terms count once per repetition."""
        weights = Counter(query)
        out: list[float] = []
        for tf, length in zip(self._tf, self._len, strict=True):
            norm = self.k1 * (1 - self.b + self.b * length / self._avg) if self._avg else self.k1
            total = 0.0
            for term, qw in weights.items():
                freq = tf.get(term)
                if freq:
                    total += qw * self._idf[term] * freq * (self.k1 + 1) / (freq + norm)
            out.append(total)
        return out
