"""Score the pipeline's facts against a plan's expected-facts file (tests/expected/*.csv).

A produced fact matches an expected one when its value and base unit agree; among several, the
one that also agrees on the most attributes. Recall and precision count matches; the attribute
scores are shares of the matched facts.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

EXPECTED = Path(__file__).parent / "expected"


@dataclass(frozen=True)
class Score:
    expected: int
    produced: int
    matched: int
    region_period_kind: int  # matched facts with region, period and kind all right
    metric: int  # matched facts with the expected metric

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.produced if self.produced else 1.0

    @property
    def rpk(self) -> float:
        return self.region_period_kind / self.matched if self.matched else 1.0

    @property
    def full(self) -> float:
        """Share of the expected figures found with value, region, period and kind all right."""
        return self.region_period_kind / self.expected if self.expected else 1.0

    @property
    def metric_share(self) -> float:
        return self.metric / self.matched if self.matched else 1.0

    def line(self, name: str) -> str:
        return (f"{name:<48} expected {self.expected:>4}  produced {self.produced:>4}  recall {self.recall:6.1%}  "
                f"precision {self.precision:6.1%}  region/period/kind {self.rpk:6.1%}  value+region+period+kind {self.full:6.1%}  "
                f"metric {self.metric_share:6.1%}")


def expected_rows(plan: str) -> list[dict]:
    rows: list[dict] = []
    for path in sorted(EXPECTED.glob(f"{plan}*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows.extend(csv.DictReader(f))
    return rows


def _year(text: str) -> int | None:
    return int(text) if text else None


def _agreement(row: dict, fact) -> tuple[bool, bool, bool, bool, bool]:
    return (
        (row["region"] or None) == fact.region,
        (_year(row["period_start"]), _year(row["period_end"])) == (fact.period_start, fact.period_end),
        row["kind"] == fact.kind,
        row["metric"] == fact.metric,
        row["housing_type"] == fact.housing_type,
    )


def score(rows: list[dict], facts: list) -> tuple[Score, list[tuple[dict, object | None]]]:
    """The score, and each expected row with the fact matched to it (None when missed). Pairs of
    the same value and unit are taken best-agreeing first, so a figure written twice is matched
    to the right one of its two places."""
    candidates = []
    for i, row in enumerate(rows):
        value = float(row["value"])
        for j, fact in enumerate(facts):
            if fact.quantity.unit == row["unit"] and math.isclose(fact.quantity.value, value, rel_tol=1e-9, abs_tol=1e-9):
                agreement = _agreement(row, fact)
                key = (sum(agreement), fact.quantity.qualifier == row["qualifier"], row["where"].endswith(fact.source.quote))
                candidates.append((key, i, j))
    match: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(candidates, key=lambda c: c[0], reverse=True):
        if i not in match and j not in used:
            match[i] = j
            used.add(j)
    pairs = [(row, facts[match[i]] if i in match else None) for i, row in enumerate(rows)]
    matched = [(r, f) for r, f in pairs if f is not None]
    rpk = sum(all(_agreement(r, f)[:3]) for r, f in matched)
    metric = sum(_agreement(r, f)[3] for r, f in matched)
    return Score(len(rows), len(facts), len(matched), rpk, metric), pairs
