"""Every figure of every sample plan, scored against the project's expected-facts files.

The five seed plans are read in each format: the .docx, the PDF exported from it, the seed's plain
text (and the scanned and the borderless PDF where there is one). NEW_PLANS are the documents written
for issue 12 (scripts/samples/sources/*.seed, built by scripts/samples/sources/compose.py and scripts/samples/make_samples.py):
kinds the seeds do not cover, with no seed text, so only their .docx and .pdf are read.

Targets for every case (issue 12): value recall ≥ 97%, value+region+period+kind right for ≥ 93% of the
expected figures, precision ≥ 98%, and the expected metric for ≥ 90% of the matched figures. A seed may
also never fall below what the pipeline scored on it before issue 12 (SEED_FLOOR)."""
from __future__ import annotations

import pytest

from conftest import sample, seed
from extractors import extract
from parsers.facts import parse
from scoring import expected_rows, score

PLANS = {
    "jiamusi-2026-annual-plan": "000",
    "turpan-2024-annual-plan": "001",
    "kashgar-2025-annual-plan": "002",
    "zhangye-2026-2030-housing-plan": "003",
    "beitun-affordable-housing-scheme": "004",
}
EXTRA = {"jiamusi-2026-annual-plan": ["-scanned.pdf"], "kashgar-2025-annual-plan": ["-unruled.pdf"]}
CASES = [(plan, fmt) for plan in PLANS for fmt in [".docx", ".pdf", ".txt", *EXTRA.get(plan, [])]]
NEW_PLANS = [
    "hunan-2025-affordable-housing-targets",  # provincial target notice, unit-only header row, 自治州
    "yichang-2025-housing-construction-plan",  # city 住房建设计划, units in the table title
    "wenchuan-2025-annual-plan",  # county of a 自治州, units in the cells, quantities in words
    "ganzhou-2025-old-community-renewal-plan",  # 老旧小区改造 list over several pages
    "xian-2024-urban-village-renewal-plan",  # 城中村改造, unit-only header row, 十四五末 and 明年
    "roundup-2025-housing-targets",  # news roundup, no jurisdiction
]
NEW_CASES = [(plan, fmt) for plan in NEW_PLANS for fmt in [".docx", ".pdf"]]
SCORES: dict[str, str] = {}
# matched figures, and matched figures with region, period and kind all right, before issue 12
SEED_FLOOR = {
    "jiamusi-2026-annual-plan": (47, 47),
    "turpan-2024-annual-plan": (23, 23),
    "kashgar-2025-annual-plan": (148, 148),
    "zhangye-2026-2030-housing-plan": (520, 495),
    "beitun-affordable-housing-scheme": (1, 1),
}


def source(plan: str, fmt: str):
    return seed(PLANS[plan]) if fmt == ".txt" else sample(plan + fmt)


@pytest.mark.parametrize("plan, fmt", CASES, ids=[p + f for p, f in CASES])
def test_pipeline_meets_the_targets(plan, fmt):
    result = _check(plan, fmt, source(plan, fmt))
    matched, right = SEED_FLOOR[plan]
    assert result.matched >= matched, f"{result.matched} figures matched, {matched} before issue 12"
    assert result.region_period_kind >= right, f"{result.region_period_kind} fully right, {right} before issue 12"


@pytest.mark.parametrize("plan, fmt", NEW_CASES, ids=[p + f for p, f in NEW_CASES])
def test_new_plans_meet_the_targets(plan, fmt):
    _check(plan, fmt, sample(plan + fmt))


def _check(plan: str, fmt: str, path):
    rows = expected_rows(plan)
    assert rows, f"no expected facts for {plan}"
    result, pairs = score(rows, parse(extract(path)))
    SCORES[plan + fmt] = result.line(plan + fmt)
    missed = [r["where"][:80] + " → " + r["raw_value"] + r["raw_unit"] for r, f in pairs if f is None]
    assert result.recall >= 0.97, f"value recall {result.recall:.1%}; missed: {missed[:10]}"
    assert result.full >= 0.93, f"value+region+period+kind {result.full:.1%}"
    assert result.precision >= 0.98, f"precision {result.precision:.1%}"
    assert result.metric_share >= 0.90, f"metric right for {result.metric_share:.1%}"
    return result
