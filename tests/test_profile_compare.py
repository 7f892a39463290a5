"""Profile aggregation, suppression of small groups, intervals and the comparison of runs."""

from __future__ import annotations

import pytest

from posturescan.compare import compare_profiles, rate_comparison
from posturescan.privacy import PrivacySettings
from posturescan.profile import OTHERS, ProfileBuilder, period_of
from posturescan.stats import poisson_interval, wilson_interval
from posturescan.taxonomy import load_taxonomy


def document(doc_id, person, department, date="2025-01-15", sentences=10):
    return {"document": doc_id, "format": "eml", "status": "analysed", "date": date, "sentences": sentences,
            "contributors": [{"person": person, "department": department, "team": f"{department}-t", "sentences": sentences}]}


def detection(doc_id, label, department, status="asserted", person="p"):
    return {"document": doc_id, "label": label, "status": status, "department": department, "team": f"{department}-t",
            "speaker": person, "sentence": f"phrase {doc_id}", "start": 0, "score": 0.9, "pattern": f"{label}/x"}


def build(groups: dict[str, int], *, freins_per_doc=1, label="manque_de_temps", settings=None, date="2025-01-15"):
    builder = ProfileBuilder(load_taxonomy(), settings or PrivacySettings())
    n = 0
    for department, people in groups.items():
        for i in range(people):
            doc_id = f"{department}-{i}"
            person = f"P-{department}-{i}"
            dets = [detection(doc_id, label, department, person=person) for _ in range(freins_per_doc)]
            dets.append(detection(doc_id, label, department, status="negated", person=person))
            builder.add(document(doc_id, person, department, date=date), dets)
            n += 1
    return builder.build()


def frein(summary, frein_id):
    return next(f for f in summary["freins"] if f["id"] == frein_id)


def test_counts_rates_and_only_counted_statuses():
    profile = build({"A": 6, "B": 5})
    overall = profile["overall"]
    time = frein(overall, "manque_de_temps")
    assert time["detections"] == 11  # negated ones are not counted
    assert overall["statuses"]["negated"] == 11
    assert time["rate_per_1000_sentences"] == pytest.approx(100.0)
    low, high = time["rate_ci95"]
    assert low < 100.0 < high
    assert time["share_documents"] == 1.0


def test_small_groups_are_merged_and_too_small_others_absorb_the_smallest_visible():
    profile = build({"Grand": 8, "Moyen": 6, "Petit": 2})
    groups = profile["dimensions"]["department"]["groups"]
    # « Petit » (2 authors) alone would be a hidden group recoverable by subtraction: the smallest visible
    # group joins it in « autres », which then has 8 authors and can be shown.
    assert set(groups) == {"Grand", OTHERS}
    assert groups[OTHERS]["authors"] == 8
    assert profile["dimensions"]["department"]["merged_into_others"] == 2


def test_nothing_shown_when_the_whole_run_has_too_few_authors():
    profile = build({"A": 4})
    assert profile["overall"]["suppressed"] is True
    assert "dimensions" not in profile and "excerpts" not in profile


def test_excerpts_need_the_excerpt_threshold():
    few = build({"A": 6, "B": 6})
    assert few["excerpts"] == {}
    many = build({"A": 12})
    excerpts = many["excerpts"]["manque_de_temps"]
    assert 0 < len(excerpts) <= 3 and excerpts[0]["status"] == "asserted"
    off = build({"A": 12}, settings=PrivacySettings(excerpts=False))
    assert off["excerpts"] == {}


def test_periods():
    assert period_of("2025-02-03T10:00:00+01:00", "quarter") == "2025-T1"
    assert period_of("2025-11-30", "month") == "2025-11"
    assert period_of(None, "month") == "sans date"


def test_intervals_behave():
    assert wilson_interval(0, 10)[0] == 0.0
    low, high = wilson_interval(5, 10)
    assert low < 0.5 < high
    assert poisson_interval(0, 1000, per=1000)[0] == 0.0
    assert poisson_interval(10, 1000, per=1000) == pytest.approx((4.795, 18.39), abs=0.01)


def test_rate_comparison_detects_a_real_drop_and_not_noise():
    drop = rate_comparison(80, 10000, 30, 10000)
    assert drop["p_value"] < 0.001 and drop["rate_ratio_ci95"][1] < 1
    noise = rate_comparison(20, 10000, 22, 10000)
    assert noise["p_value"] > 0.5 and noise["rate_ratio_ci95"][0] < 1 < noise["rate_ratio_ci95"][1]


def test_compare_profiles_marks_significant_changes():
    before = build({"A": 10, "B": 10}, freins_per_doc=3, date="2024-11-01")
    after = build({"A": 10, "B": 10}, freins_per_doc=1, date="2025-05-01")
    result = compare_profiles(before, after)
    time = next(f for f in result["overall"]["freins"] if f["id"] == "manque_de_temps")
    assert time["significant"] and time["direction"] == "baisse"
    untouched = next(f for f in result["overall"]["freins"] if f["id"] == "faire_payer")
    assert not untouched["significant"] and untouched["direction"] == "stable"
    assert set(result["groups"]["department"]) == {"A", "B"}


def test_compare_refuses_masked_slices():
    result = compare_profiles(build({"A": 3}), build({"A": 8}))
    assert result["overall"]["suppressed"] is True


def test_crossed_table_leaves_no_small_cell_recoverable_by_rows_and_columns():
    builder = ProfileBuilder(load_taxonomy(), PrivacySettings())
    layout = {("A", "2025-01-15"): 6, ("A", "2025-05-15"): 6, ("B", "2025-01-15"): 6, ("B", "2025-05-15"): 2}
    for (department, date), people in layout.items():
        for i in range(people):
            doc_id = f"{department}-{date}-{i}"
            builder.add(document(doc_id, f"P-{department}-{i}", department, date=date),
                        [detection(doc_id, "manque_de_temps", department, person=f"P-{department}-{i}")])
    crossed = builder.build()["department_period"]
    masked = {name for name, cell in crossed.items() if cell["suppressed"]}
    assert "B | 2025-T2" in masked
    # row B, column 2025-T2, and column 2025-T1 (which recovers B | 2025-T1 exactly, then row B gives
    # B | 2025-T2) all had to be cut: with only 2 × 2 cells, every cell is masked
    assert masked == {"A | 2025-T1", "A | 2025-T2", "B | 2025-T1", "B | 2025-T2"}
