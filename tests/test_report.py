"""The French HTML report and comparison: content, privacy, determinism, self-containment, real browser.

Profiles are built with the real ProfileBuilder from small synthetic document / detection records, so the
structure rendered here is the one the pipeline produces. The browser tests drive Debian's Chromium through
Playwright (never a downloaded browser); they skip only when /usr/bin/chromium is missing and
POSTURESCAN_REQUIRE_BROWSER is not set.
"""

from __future__ import annotations

import copy
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from posturescan.compare import compare_profiles
from posturescan.privacy import PrivacySettings
from posturescan.profile import ProfileBuilder, suppressed
from posturescan.report import comparison_html, render_comparison, render_html, render_report
from posturescan.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Departments: (team, number of authors). With min_authors=5 / excerpt_min_authors=10:
# « Grand service » is visible and may be quoted, « Moyen service » is visible but never quoted,
# « Petit service secret » (2) and « Service discret » (3) are merged into « autres ».
STAFF = {
    "Grand service": [("Équipe A", 6), ("Équipe B", 6)],
    "Moyen service": [("Équipe M", 6)],
    "Petit service secret": [("Équipe P", 2)],
    "Service discret": [("Équipe D", 3)],
}
PERIOD_DATES = ("2025-01-15T10:00:00+01:00", "2025-04-15T10:00:00+02:00")  # 2025-T1, 2025-T2
SENTENCES = 40
SKIPPED_DOC = "archives/illisible.pdf"
SKIPPED_ALIAS = "D-0123456789"  # file names are personal data: HR sees the keyed pseudonym
MODEL_CARD = {"name": "posturescan-essai", "test_sentences": 812,
              "test": {"combined": {"macro_f1": 0.7234, "micro_f1": 0.81, "false_alarm_rate": 0.031},
                       "lexicon": {"macro_f1": 0.5511, "micro_f1": 0.64, "false_alarm_rate": 0.012}}}


# ---------------------------------------------------------------------------------------------
# synthetic records → real profiles
# ---------------------------------------------------------------------------------------------
def people():
    """(person, department, team) for every synthetic author, in a fixed order."""
    n = 0
    for department, teams in STAFF.items():
        for team, count in teams:
            for _ in range(count):
                n += 1
                yield f"P-{n:010d}", department, team


def document(doc_id: str, person: str, department: str, team: str, date: str | None, sentences: int = SENTENCES) -> dict:
    return {"document": doc_id, "path": doc_id, "format": "txt", "status": "analysed", "reason": None,
            "author": person, "department": department, "team": team, "date": date, "sentences": sentences,
            "contributors": [{"person": person, "department": department, "team": team, "sentences": sentences}]}


def detection(doc_id: str, label: str, status: str, department: str, team: str, sentence: str | None,
              start: int = 0, pattern: str | None = None, evidence: str | None = None) -> dict:
    return {"document": doc_id, "path": doc_id, "label": label, "family": TAXONOMY.family_of(label), "status": status,
            "sentence": sentence, "start": start, "end": start + 10, "score": 1.0, "department": department,
            "team": team, "pattern": pattern or f"{label}/motif_essai", "evidence": evidence}


def build_profile(*, min_authors=5, excerpt_min_authors=10, excerpts=True, with_detections=True, grand_t2=6,
                  departments=None, model_card=None) -> dict:
    """A profile of 23 authors × 2 quarters (+ one skipped document) from the real ProfileBuilder."""
    builder = ProfileBuilder(TAXONOMY, PrivacySettings(min_authors, excerpt_min_authors, excerpts), period="quarter")
    grand_seen = {0: 0, 1: 0}
    for person, department, team in people():
        if departments is not None and department not in departments:
            continue
        for p, date in enumerate(PERIOD_DATES):
            doc_id = f"{department}/{person}-{p}.txt"
            dets = []
            if with_detections and department == "Grand service":
                grand_seen[p] += 1
                if p == 0 or grand_seen[p] <= grand_t2:
                    dets.append(detection(doc_id, "manque_de_temps", "asserted", department, team,
                                          f"EXTRAIT_GRAND {person}-{p} : on n'a pas le temps.",
                                          pattern="manque_de_temps/pas_le_temps", evidence="n'a pas le   temps"))
                if p == 1 and grand_seen[p] <= 4:
                    dets.append(detection(doc_id, "posture_client", "asserted", department, team,
                                          f"LEVIER_GRAND {person} : je m'en occupe.", start=50))
                if p == 0 and grand_seen[p] == 1:
                    dets.append(detection(doc_id, "report_delai", "negated", department, team,
                                          "EXTRAIT_NIE : cela n'attendra pas.", start=90))
            elif with_detections and department == "Moyen service":
                dets.append(detection(doc_id, "faire_payer", "reported", department, team,
                                      f"EXTRAIT_MOYEN {person}-{p} : faire payer, impossible."))
            elif with_detections and department == "Petit service secret":
                dets.append(detection(doc_id, "chef_sait_tout", "asserted", department, team,
                                      f"EXTRAIT_PETIT {person}-{p} : le chef sait tout.", evidence="PHRASE_PETIT"))
            builder.add(document(doc_id, person, department, team, date), dets)
    builder.add({"document": SKIPPED_DOC, "alias": SKIPPED_ALIAS, "path": SKIPPED_DOC, "format": "pdf",
                 "status": "skipped", "reason": "no text content"}, [])
    profile = builder.build()
    profile["run"] = {"posturescan": "0.0-test", "model": "lexicon" if model_card is None else "hybride",
                      "model_card": model_card, "inputs": 1, "documents": 0, "analysed": 0, "skipped": 1,
                      "directory": True,
                      "masked": ["noms de personnes (reconnaissance automatique et annuaire)", "adresses électroniques"] if excerpts else []}
    return profile


@pytest.fixture(scope="module")
def profile():
    return build_profile()


@pytest.fixture(scope="module")
def html(profile):
    return render_html(profile, TAXONOMY)


# ---------------------------------------------------------------------------------------------
# HTML helpers
# ---------------------------------------------------------------------------------------------
class Tables(HTMLParser):
    """Every <table>: its id, caption text and rows (lists of cell texts); plus all visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self._stack, self.text, self._skip = [], [], [], 0
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "action", "xlink:href", "poster", "data"):
            if name in attrs:
                self.links.append((tag, name, attrs[name]))
        if tag in ("style", "title", "script"):
            self._skip += 1
        if tag == "table":
            self._stack.append({"id": attrs.get("id"), "caption": "", "rows": [], "_cell": None, "_in_caption": False})
            self.tables.append(self._stack[-1])
        elif self._stack:
            t = self._stack[-1]
            if tag == "caption":
                t["_in_caption"] = True
            elif tag == "tr":
                t["rows"].append([])
            elif tag in ("td", "th"):
                t["_cell"] = []

    def handle_endtag(self, tag):
        if tag in ("style", "title", "script"):
            self._skip -= 1
        if not self._stack:
            return
        t = self._stack[-1]
        if tag == "table":
            self._stack.pop()
        elif tag == "caption":
            t["_in_caption"] = False
        elif tag in ("td", "th") and t["_cell"] is not None:
            t["rows"][-1].append(" ".join("".join(t["_cell"]).split()))
            t["_cell"] = None

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)
        if self._stack:
            t = self._stack[-1]
            if t["_in_caption"]:
                t["caption"] += data
            elif t["_cell"] is not None:
                t["_cell"].append(data)


def parse(page: str) -> Tables:
    parser = Tables()
    parser.feed(page)
    return parser


def visible_text(page: str) -> str:
    return " ".join("".join(parse(page).text).split())


def table(page: str, table_id: str) -> dict:
    found = [t for t in parse(page).tables if t["id"] == table_id]
    assert found, f"pas de tableau #{table_id}"
    return found[0]


def row(t: dict, header: str) -> list[str]:
    rows = [r for r in t["rows"] if r and r[0] == header]
    assert rows, f"pas de ligne « {header} » dans #{t['id']}"
    return rows[0]


MASKED = "masqué (moins de 5 auteurs)"


def assert_self_contained(page: str) -> None:
    assert not re.search(r"(?i)\b(?:https?|ftp|wss?):", page), "URL externe dans le HTML"
    assert not re.search(r"(?i)//[a-z0-9.-]+\.[a-z]{2,}", page), "URL sans schéma dans le HTML"
    assert "<script" not in page.lower() and "@import" not in page and "url(http" not in page
    for tag, name, value in parse(page).links:
        assert value.startswith("#"), f"<{tag} {name}={value!r}> pointe hors du document"
    assert 'http-equiv="Content-Security-Policy" content="default-src \'none\'' in page


# ---------------------------------------------------------------------------------------------
# unit level: report
# ---------------------------------------------------------------------------------------------
def test_report_has_the_four_sections_in_french_with_accessible_charts(html):
    text = visible_text(html)
    for heading in ("Vue d'ensemble", "Par famille puis par frein", "Groupes et périodes", "Méthode et paramètres"):
        assert f">{heading}</h2>" in html
    assert '<html lang="fr">' in html and "<title>posturescan" in html
    svgs = re.findall(r"<svg\b[^>]*>", html)
    assert len(svgs) >= 3
    for svg in svgs:
        assert 'role="img"' in svg and 'aria-label="' in svg
    assert len(re.findall(r"<svg\b[^>]*><title>[^<]+</title>", html)) == len(svgs)
    for t in parse(html).tables:
        assert t["caption"].strip(), f"tableau sans légende : {t['id']}"
    assert "@media print" in html
    # overview: key counts, top frein with its interval, balance, trend, masking sentence
    authors = sum(count for teams in STAFF.values() for _, count in teams)
    assert f"{authors} auteurs distincts" in text
    assert "Manque de temps invoqué" in text
    assert "Des chiffres sont masqués pour protéger l'anonymat" in text
    assert "2 services sont regroupés dans « autres »" in text
    assert "Évolution par trimestre" in text and "2025-T1" in text and "2025-T2" in text
    assert "les leviers représentent" in text


def test_french_number_formatting(html, profile):
    rate = next(f for f in profile["overall"]["freins"] if f["id"] == "manque_de_temps")
    expected = f"{rate['rate_per_1000_sentences']:.1f}".replace(".", ",")
    assert expected in html
    low, high = (f"{v:.1f}".replace(".", ",") for v in rate["rate_ci95"])
    assert f"[{low} – {high}]" in html


def test_frein_details_definition_groups_periods_patterns_and_excerpts(html):
    text = visible_text(html)
    frein = TAXONOMY.get("manque_de_temps")
    assert frein.definition in text
    assert "« n'a pas le temps » (" in text  # top phrasing, as people wrote it (accents, apostrophes)
    assert "pas_le_temps" not in text and "motif_essai" not in text  # never a folded pattern key
    section = html[html.index('id="frein-manque_de_temps"'):]
    section = section[:section.index("</article>")]
    assert "<caption>Services" in section and "<caption>Équipes" in section and "<caption>Périodes" in section
    assert "EXTRAIT_GRAND" in section and "affirmé" in section and "Grand service" in section
    negated = html[html.index('id="frein-report_delai"'):]
    negated = negated[:negated.index("</article>")]
    assert "EXTRAIT_NIE" in negated and "nié — non compté" in negated


def test_suppressed_slices_show_masque_and_never_a_figure(html):
    crossed = table(html, "service-periode")
    assert "masqué" not in " ".join(row(crossed, "Grand service"))
    # the same rows as the Services table: a small department is hidden there too, not named with masked cells
    assert [r[0] for r in crossed["rows"][1:]] == [r[0] for r in table(html, "dim-department")["rows"][1:]]
    # small departments never get a row of their own in the group tables or the per-frein tables
    departments = table(html, "dim-department")
    names = [r[0] for r in departments["rows"][1:]]
    assert names == ["Grand service", "Moyen service", "autres"]
    assert "2 services sont regroupés dans « autres »" in departments["caption"]
    teams = table(html, "dim-team")
    assert "2 équipes sont regroupées dans « autres »" in teams["caption"]
    for t in parse(html).tables:
        assert "Petit service secret" not in str(t["rows"]) and "Service discret" not in str(t["rows"])


def test_a_suppressed_group_in_a_dimension_has_no_figure(profile):
    hidden = copy.deepcopy(profile)
    hidden["dimensions"]["team"]["groups"]["autres"] = suppressed("moins de 5 auteurs")
    page = render_html(hidden, TAXONOMY)
    others = row(table(page, "dim-team"), "autres")
    assert others[1:] == [MASKED]
    # and in every per-frein small table, the same row says « masqué » too
    for t in parse(page).tables:
        if t["caption"].startswith("Équipes") and t["id"] is None:
            assert row(t, "autres")[1:] == [MASKED]


def test_excerpts_only_from_departments_above_the_excerpt_threshold(html):
    assert "EXTRAIT_GRAND" in html
    assert "EXTRAIT_MOYEN" not in html  # 6 authors < excerpt_min_authors 10
    assert "EXTRAIT_PETIT" not in html  # 2 authors
    assert "phrase_petit" not in html.lower()  # the phrases people wrote follow the same rule
    assert "les extraits ne proviennent que des services comptant au moins 10 auteurs" in visible_text(html)


def test_no_excerpt_at_all_when_excerpts_are_off():
    page = render_html(build_profile(excerpts=False), TAXONOMY)
    assert "EXTRAIT_" not in page and "LEVIER_GRAND" not in page and "<blockquote" not in page
    assert "Extraits désactivés pour cette analyse" in visible_text(page)


def test_no_excerpt_when_the_whole_run_is_below_the_excerpt_threshold():
    page = render_html(build_profile(excerpt_min_authors=40), TAXONOMY)
    assert "EXTRAIT_" not in page and "<blockquote" not in page


def test_overall_suppressed_shows_no_figure_only_the_explanation_and_skipped_documents():
    small = build_profile(departments={"Service discret"})  # 3 authors < 5
    assert small["overall"]["suppressed"]
    page = render_html(small, TAXONOMY)
    text = visible_text(page)
    assert "Aucun chiffre n'est affiché" in text
    assert SKIPPED_DOC not in page and "illisible" not in page and "archives" not in page
    assert SKIPPED_ALIAS in text and "aucun texte à analyser" in text
    assert "<svg" not in page and "<blockquote" not in page
    assert "pour 1 000 phrases" not in text.replace("\u202f", " ").replace("Taux : intervalle", "")
    for frein in TAXONOMY.freins:
        assert frein.title not in text
    assert "EXTRAIT_" not in page
    assert "Détections</th>" not in page  # no status counts either
    assert_self_contained(page)


def test_zero_detections_renders_clear_sentences():
    page = render_html(build_profile(with_detections=False), TAXONOMY)
    text = visible_text(page)
    assert "Aucun frein n'a été détecté" in text
    assert "l'équilibre entre leviers (posture client) et freins ne peut pas être établi" in text
    assert "<svg" in page  # the family charts still show the (zero) rates and their intervals


def test_no_dimensions_and_no_model_card(profile):
    bare = copy.deepcopy(profile)
    for key in ("dimensions", "department_period", "excerpts", "run"):
        bare.pop(key)
    page = render_html(bare, TAXONOMY)
    text = visible_text(page)
    assert "ne contient pas de découpage par service, équipe ou période" in text
    assert "lexique seul" in text


def test_model_card_quality_is_shown():
    page = render_html(build_profile(model_card=MODEL_CARD), TAXONOMY)
    text = visible_text(page)
    assert "F1 macro" in text and "0,72" in text and "3,1 %" in text and "812 phrases" in text
    assert "lexique seul" in text  # the lexicon row of the card


def test_method_section_statuses_privacy_and_skipped(html):
    statuses = [t for t in parse(html).tables if t["caption"] == "Statut des détections"][0]
    assert row(statuses, "nié")[1] == "non" and row(statuses, "affirmé")[1] == "oui"
    assert row(statuses, "nié")[-1] == "1"
    text = visible_text(html)
    assert "aucun chiffre pour un groupe de moins de 5 auteurs distincts" in text
    assert "seulement pour les services d'au moins 10 auteurs" in text
    assert "noms de personnes (reconnaissance automatique et annuaire)" in text
    assert SKIPPED_DOC not in html and SKIPPED_ALIAS in text and "Documents par format" in text


def test_rendering_is_deterministic(profile, html):
    assert render_html(profile, TAXONOMY) == html
    assert render_html(json.loads(json.dumps(profile)), TAXONOMY) == html
    shuffled = copy.deepcopy(profile)
    for dim in shuffled["dimensions"].values():
        dim["groups"] = dict(reversed(list(dim["groups"].items())))
    shuffled["department_period"] = dict(reversed(list(shuffled["department_period"].items())))
    shuffled["formats"] = dict(reversed(list(shuffled["formats"].items())))
    assert render_html(shuffled, TAXONOMY) == html
    assert "id=\"" in html and not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", html)  # no timestamp


def test_report_is_self_contained(html, tmp_path, profile):
    assert_self_contained(html)
    path = tmp_path / "report.html"
    render_report(path, profile, TAXONOMY)
    assert path.read_text(encoding="utf-8") == html


# ---------------------------------------------------------------------------------------------
# unit level: comparison
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def comparison():
    return compare_profiles(build_profile(), build_profile(grand_t2=0), names=("avant", "après"))


def strong_comparison():
    before = build_profile()
    after = build_profile(with_detections=False)
    after["dimensions"]["department"]["groups"]["Moyen service"] = suppressed("moins de 5 auteurs")
    return compare_profiles(before, after, names=("avant", "après"))


def test_comparison_shows_ratios_holm_direction_and_forest_plot():
    c = strong_comparison()
    page = comparison_html(c, TAXONOMY)
    text = visible_text(page)
    assert "<svg" in page and 'role="img"' in page and "échelle logarithmique" in page
    overall = table(page, "table-ensemble")
    manque = row(overall, "Manque de temps invoqué")
    assert manque[-1].startswith("▼ baisse")
    frein = next(f for f in c["overall"]["freins"] if f["id"] == "manque_de_temps")
    assert frein["rate_ratio"] is None and frein["b"]["detections"] == 0  # n → 0: no ratio, shown plainly
    assert manque[4].startswith(f"{frein['a']['detections']} → 0") and "≤" not in manque[4]
    assert frein["rate_ratio_ci95"][1] < 1  # the verdict agrees with the interval shown
    assert "Bonferroni" in text and c["method"] in text and "Holm" not in text
    assert "A « avant »" in text and "B « après »" in text


def test_comparison_masks_suppressed_departments():
    page = comparison_html(strong_comparison(), TAXONOMY)
    block = page[page.index(">Moyen service</h3>") + 1:]
    block = visible_text(block[:block.index("<h3")])
    assert block == "Moyen service masqué dans au moins une des deux analyses (trop peu d'auteurs)", block
    assert "Petit service secret" not in page


def test_comparison_overall_suppressed_and_determinism(comparison, tmp_path):
    page = comparison_html(comparison, TAXONOMY)
    assert comparison_html(json.loads(json.dumps(comparison)), TAXONOMY) == page
    assert_self_contained(page)
    render_comparison(tmp_path / "comparaison.html", comparison)
    assert (tmp_path / "comparaison.html").read_text(encoding="utf-8") == page
    hidden = compare_profiles(build_profile(departments={"Service discret"}), build_profile(), names=("a", "b"))
    masked = comparison_html(hidden, TAXONOMY)
    assert "Aucun chiffre n'est affiché" in masked and "<svg" not in masked
    assert_self_contained(masked)


# ---------------------------------------------------------------------------------------------
# real browser (Debian's Chromium through Playwright)
# ---------------------------------------------------------------------------------------------
def _browser_unavailable() -> str | None:
    required = bool(os.environ.get("POSTURESCAN_REQUIRE_BROWSER"))
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} absent (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Python Playwright absent (pip install playwright)"
    if problem and required:
        pytest.fail(f"POSTURESCAN_REQUIRE_BROWSER est défini mais {problem}")
    return problem


@pytest.fixture(scope="module")
def browser():
    problem = _browser_unavailable()
    if problem:
        pytest.skip(f"tests navigateur ignorés : {problem}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory, profile):
    folder = tmp_path_factory.mktemp("rendu")
    render_report(folder / "report.html", profile, TAXONOMY)
    render_comparison(folder / "comparaison.html", strong_comparison(), TAXONOMY)
    return folder


def open_page(browser, path: Path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    log = {"errors": [], "requests": []}
    page.on("console", lambda m: log["errors"].append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: log["errors"].append(f"pageerror: {e}"))
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("requestfailed", lambda r: log["errors"].append(f"requestfailed: {r.url}"))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, log


def assert_charts_visible(page, minimum: int) -> None:
    charts = page.locator("svg.chart")
    assert charts.count() >= minimum
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 50 and box["height"] > 20, (i, box)
    marks = page.locator("svg.chart rect.bar, svg.chart rect.point, svg.chart line.interval")
    assert marks.count() > 0
    assert any((marks.nth(i).bounding_box() or {}).get("width", 0) > 0 for i in range(marks.count()))


def test_browser_report_renders_offline_without_errors(browser, pages):
    path = pages / "report.html"
    page, log = open_page(browser, path)
    try:
        assert log["errors"] == []
        assert log["requests"] == [path.as_uri()]
        assert page.title().startswith("posturescan")
        assert_charts_visible(page, minimum=4)
        trend = page.locator("svg.chart").filter(has=page.locator("title", has_text="Évolution par période"))
        assert trend.count() == 1 and trend.locator("rect.bar").first.bounding_box()["height"] > 0
        text = page.inner_text("body")
        assert "EXTRAIT_GRAND" in text
        for secret in ("EXTRAIT_MOYEN", "EXTRAIT_PETIT"):
            assert secret not in text
        assert "Petit service secret" not in page.locator("#service-periode").inner_text()
        assert page.locator("#service-periode").is_visible()
        page.screenshot(path="/tmp/posturescan_report.png", full_page=True)
        page.emulate_media(media="print")
        assert len(page.pdf(format="A4")) > 10_000
        assert log["errors"] == [] and log["requests"] == [path.as_uri()]
    finally:
        page.close()


def test_browser_comparison_renders_offline_without_errors(browser, pages):
    path = pages / "comparaison.html"
    page, log = open_page(browser, path)
    try:
        assert log["errors"] == []
        assert log["requests"] == [path.as_uri()]
        assert_charts_visible(page, minimum=1)
        text = page.inner_text("body")
        assert "▼ baisse" in text and "masqué" in text
        page.screenshot(path="/tmp/posturescan_comparaison.png", full_page=True)
    finally:
        page.close()
