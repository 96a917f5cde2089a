"""Documents written blind for issue 12's second round (tests/data/unseen): plans nobody tuned the
rules on, each with its expected facts (<name>.csv, the columns of tests/expected/*.csv) next to its
.docx, .pdf and/or .txt. Targets for every document and format: value recall ≥ 97%, value+region+period+kind
right for ≥ 93% of the expected figures, precision ≥ 98%."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extractors import extract
from parsers.facts import parse
from scoring import score

UNSEEN = Path(__file__).parent / "data" / "unseen"
CASES = [(path.stem, fmt) for path in sorted(UNSEEN.glob("*.csv")) for fmt in (".docx", ".pdf", ".txt")
         if path.with_suffix(fmt).exists()]


@pytest.mark.parametrize("name, fmt", CASES, ids=[n + f for n, f in CASES])
def test_unseen_document_meets_the_targets(name, fmt):
    with (UNSEEN / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    result, _ = score(rows, parse(extract(UNSEEN / f"{name}{fmt}")))
    print(result.line(name + fmt))
    assert result.recall >= 0.97
    assert result.full >= 0.93
    assert result.precision >= 0.98
