"""Property tests of the one visibility rule: over random staff files and detections, no visible figure,
alone or combined with others by sums and differences, reveals a group below the threshold."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import HealthCheck, example, given, settings, strategies as st

from posturescan.privacy import PrivacySettings
from posturescan.profile import ProfileBuilder, period_of
from posturescan.taxonomy import load_taxonomy
from posturescan.visibility import OTHERS

TAXONOMY = load_taxonomy()
LABELS = ["manque_de_temps", "faire_payer", "posture_client"]
DATES = ["2025-01-10", "2025-04-10", "2025-07-10", None]
MIN = 3

person = st.tuples(st.sampled_from("ABCD"), st.sampled_from("xy"))  # department, team
docs = st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 24)), st.sampled_from(DATES),
                          st.sampled_from(["eml", "txt", "docx"]), st.lists(st.sampled_from(LABELS), max_size=3),
                          st.integers(1, 9)), min_size=1, max_size=60)


def build(staff, documents):
    builder = ProfileBuilder(TAXONOMY, PrivacySettings(min_authors=MIN, excerpt_min_authors=MIN))
    truth = defaultdict(set)  # (dimension, base group) -> persons
    for i, (who, date, fmt, labels, sentences) in enumerate(documents):
        if who is not None and who < len(staff):
            dept, team = staff[who]
            pid = f"P-{who}"
        else:
            dept, team, pid = "non attribué", "non attribué", (f"P-x{who}" if who is not None else None)
        doc = {"document": f"d{i}", "format": fmt, "status": "analysed", "date": date, "sentences": sentences,
               "author": pid, "contributors": [{"person": pid, "department": dept, "team": team, "sentences": sentences}]}
        dets = [{"document": f"d{i}", "label": label, "status": "asserted", "department": dept, "team": team,
                 "speaker": pid, "sentence": None, "start": j, "score": 0.9, "pattern": None}
                for j, label in enumerate(labels)]
        builder.add(doc, dets)
        period = period_of(date, "quarter")
        for key in (("department", dept), ("team", f"{dept} / {team}"), ("period", period), ("format", fmt),
                    ("crossed", (dept, period)), ("overall", "")):
            truth[key] |= {pid} if pid else set()  # author-less slices exist too (empty set)
    return builder.build(), truth


def small(persons):
    return 0 < len(persons) < MIN


def remainder(truth, dimension, total, shown_lines, members_of):
    covered = set()
    for line in shown_lines:
        for member in members_of(line):
            covered |= truth[(dimension, member)]
    return total - covered


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(staff=st.lists(person, min_size=1, max_size=25), documents=docs)
@example(staff=[("A", "x")] * 4 + [("B", "x")] * 4,  # one small cell per row: recoverable without complements
         documents=[(i, "2025-01-10", "eml", ["faire_payer"], 3) for i in range(8)]
         + [(0, "2025-04-10", "eml", [], 3), (4, "2025-04-10", "eml", [], 3), (5, "2025-04-10", "eml", [], 3)])
@example(staff=[("A", "x")] * 3,  # found by hypothesis: an unsigned cell let a column recover a small cell
         documents=[(None, "2025-01-10", "eml", [], 1)] * 3 + [(0, "2025-01-10", "eml", [], 1),
                    (0, "2025-04-10", "eml", [], 1), (1, "2025-01-10", "eml", [], 1), (2, "2025-01-10", "eml", [], 1),
                    (3, "2025-04-10", "eml", [], 1), (4, "2025-04-10", "eml", [], 1), (5, "2025-04-10", "eml", [], 1)])
@example(staff=[("A", "x")] * 3 + [("B", "x")] * 3,  # found by hypothesis: B only in T2, so T2 − B reveals A | T2
         documents=[(None, "2025-01-10", "eml", [], 1)] * 3 + [(0, "2025-01-10", "eml", [], 1),
                    (0, "2025-04-10", "eml", [], 1), (1, "2025-01-10", "eml", [], 1), (2, "2025-01-10", "eml", [], 1),
                    (3, "2025-04-10", "eml", [], 1), (4, "2025-04-10", "eml", [], 1), (5, "2025-04-10", "eml", [], 1)])
@example(staff=[("A", "x")] * 6, documents=[(i, None, "txt", ["manque_de_temps"], 2) for i in range(6)]
         + [(None, None, "txt", ["manque_de_temps"], 4)])  # unsigned notes beside a department
def test_no_figure_reveals_a_small_group(staff, documents):
    profile, truth = build(staff, documents)
    overall = truth[("overall", "")]
    if profile["overall"]["suppressed"]:
        assert len(overall) < MIN
        return
    base = {d: {g for (dim, g) in truth if dim == d} for d in ("department", "team", "period", "format")}
    for dimension in ("department", "period"):
        groups = profile["dimensions"][dimension]["groups"]
        named = {g for g in groups if g != OTHERS}
        assert named <= base[dimension]
        for name in named:  # alone (a line may also be masked by name, as a complement)
            assert groups[name]["suppressed"] or not small(truth[(dimension, name)])
        merged = base[dimension] - named

        def members(line, merged=merged):
            return merged if line == OTHERS else {line}

        shown_lines = [g for g, s in groups.items() if not s["suppressed"]]
        assert not small(remainder(truth, dimension, overall, shown_lines, members))  # total − shown
        if OTHERS in groups and not groups[OTHERS]["suppressed"]:
            assert not small(set().union(*(truth[(dimension, m)] for m in merged)))
    # teams: inside each department shown by name, never a team of a merged department
    departments = profile["dimensions"]["department"]["groups"]
    teams = profile["dimensions"]["team"]["groups"]
    for line, summary in teams.items():
        parent = line.split(" / ")[0]
        if line != OTHERS:
            assert parent in departments and parent != OTHERS, line
        if not summary["suppressed"]:
            assert summary["authors"] == 0 or summary["authors"] >= MIN
    for dept, summary in departments.items():
        if dept == OTHERS or summary["suppressed"]:
            continue
        children = {t for t in base["team"] if t.split(" / ")[0] == dept}
        named = {t for t in teams if t.split(" / ")[0] == dept and not t.endswith(f" / {OTHERS}")}

        def members(line, children=children, named=named):
            return children - named if line.endswith(f" / {OTHERS}") else {line}

        shown_lines = [t for t in teams if t.split(" / ")[0] == dept and not teams[t]["suppressed"]]
        assert not small(remainder(truth, "team", truth[("department", dept)], shown_lines, members)), dept
    # the crossed table uses the same lines as the two tables, and nothing is recoverable through it
    crossed = profile["department_period"]
    assert {k.split(" | ")[0] for k in crossed} <= set(departments)
    assert {k.split(" | ")[1] for k in crossed} <= set(profile["dimensions"]["period"]["groups"])
    check_crossed(crossed, truth, departments, profile["dimensions"]["period"]["groups"])
    # formats: the same rule
    for line, entry in profile["formats"].items():
        if line != OTHERS:
            assert not entry.get("suppressed") and not small(truth[("format", line)])
    # totals agree when nothing is masked
    for dimension in ("department", "period"):
        groups = profile["dimensions"][dimension]["groups"]
        if not any(s["suppressed"] for s in groups.values()):
            assert sum(s["sentences"] for s in groups.values()) == profile["overall"]["sentences"]
            assert sum(s["balance"]["freins"] + s["balance"]["leviers"] for s in groups.values()) == \
                profile["overall"]["balance"]["freins"] + profile["overall"]["balance"]["leviers"]


def check_crossed(crossed, truth, rows, columns):
    """An attacker's solver: rows and columns with a shown total recover a line's single unknown cell."""
    named_rows = {r for r in rows if r != OTHERS}
    named_columns = {c for c in columns if c != OTHERS}

    def persons(key):
        row, column = key.split(" | ")
        out = set()
        for (dim, (d, p)) in [k for k in truth if k[0] == "crossed"]:
            if (d == row or (row == OTHERS and d not in named_rows)) and \
                    (p == column or (column == OTHERS and p not in named_columns)):
                out |= truth[(dim, (d, p))]
        return out

    cells = {k: persons(k) for k in crossed}
    known = {k for k, s in crossed.items() if not s["suppressed"]}
    for k in known:
        assert not small(cells[k])
    lines = defaultdict(list)
    for k in crossed:
        row, column = k.split(" | ")
        if not rows[row]["suppressed"]:
            lines[("r", row)].append(k)
        if not columns[column]["suppressed"]:
            lines[("c", column)].append(k)
    progress = True
    while progress:
        progress = False
        for keys in lines.values():
            unknown = [k for k in keys if k not in known]
            if unknown:
                assert not small(set().union(*(cells[k] for k in unknown))), unknown
            if len(unknown) == 1:
                known.add(unknown[0])
                progress = True
