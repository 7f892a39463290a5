"""French labels, ordering and lookups used by the report templates (no HTML here)."""

from __future__ import annotations

from ..visibility import OTHERS
from .numbers import french_number

STATUS_LABELS = {
    "asserted": "affirmé",
    "reported": "rapporté",
    "negated": "nié",
    "hypothetical": "hypothétique",
    "mention": "cité en exemple",
}
STATUS_HELP = {
    "asserted": "la personne l'énonce elle-même",
    "reported": "la personne rapporte ce que d'autres disent ou font",
    "negated": "l'énoncé est nié (« ce n'est pas un problème de temps »)",
    "hypothetical": "condition, question ou hypothèse (« si on n'avait pas le temps… »)",
    "mention": "cité comme exemple, dans une formation ou un guide",
}
DIMENSION_TITLES = {"department": "Services", "team": "Équipes", "period": "Périodes"}
DIMENSION_SINGULAR = {"department": "service", "team": "équipe", "period": "période"}
PERIOD_TITLES = {"quarter": "trimestre", "month": "mois"}
NO_DATE = "sans date"
UNASSIGNED = "non attribué"
MODEL_SYSTEMS = {"combined": "lexique + classifieur (utilisé pour cette analyse)",
                 "lexicon": "lexique seul (pour comparaison)", "classifier": "classifieur seul"}
MODEL_ORDER = ("combined", "classifier", "lexicon")
TOP_FREINS = 5
MODEL_NAMES = {"default": "modèle fourni avec posturescan", "lexicon": "lexique seul"}
REASONS = (  # prefix of the (English) technical reason -> French label
    ("unsupported format", "format non pris en charge"),
    ("no text content", "aucun texte à analyser"),
    ("input not found", "entrée introuvable"),
    ("cannot read file", "fichier illisible"),
    ("could not read", "lecture impossible"),
    ("bad message", "message mal formé"),
    ("extracted text too long", "texte trop long"),
)



def group_key(name: str) -> tuple:
    """Groups in name order, with « non attribué », « sans date » and « autres » at the end."""
    return (name == OTHERS, name == NO_DATE, name == UNASSIGNED, name)


def ordered(groups: dict | None) -> list[tuple[str, dict]]:
    return sorted((groups or {}).items(), key=lambda kv: group_key(kv[0]))


def frein_of(summary: dict, frein_id: str) -> dict | None:
    for frein in summary.get("freins") or ():
        if frein["id"] == frein_id:
            return frein
    return None


def masked_label(summary: dict | None, settings: dict | None = None) -> str:
    reason = (summary or {}).get("reason")
    if not reason:
        reason = f"moins de {(settings or {}).get('min_authors', 5)} auteurs"
    return reason if reason.startswith("masqué") else f"masqué ({reason})"


def reason_label(reason: str | None) -> str:
    """A French label for a skipped document's reason, the technical detail kept in brackets."""
    if not reason:
        return "raison inconnue"
    for prefix, label in REASONS:
        if reason.lower().startswith(prefix):
            return label  # the technical (English) detail stays in documents.jsonl
    return reason


FEMININE = {"team", "period"}


def merged_phrase(dimension: str, count: int) -> str:
    """« 2 équipes sont regroupées dans « autres » », with French agreement."""
    noun = DIMENSION_SINGULAR.get(dimension, dimension)
    e = "e" if dimension in FEMININE else ""
    if count > 1:
        return f"{french_number(count)} {noun}s sont regroupé{e}s dans « autres »"
    return f"{french_number(count)} {noun} est regroupé{e} dans « autres »"


def short_title(title: str) -> str:
    return title.split(" : ")[0] if " : " in title else title


def top_freins(overall: dict, count: int = TOP_FREINS) -> list[dict]:
    """The freins (not leviers) with counted detections, highest rate first."""
    found = [f for f in overall.get("freins") or () if not f.get("levier") and f.get("detections")]
    return sorted(found, key=lambda f: (-f["rate_per_1000_sentences"], -f["detections"], f["id"]))[:count]


def detected(freins: list[dict]) -> list[dict]:
    """Compared freins with at least one detection in A or in B, in their original order."""
    return [f for f in freins or () if f["a"]["detections"] or f["b"]["detections"]]


def ranked_freins(freins: list[dict]) -> list[dict]:
    return sorted(freins, key=lambda f: (-f["rate_per_1000_sentences"], -f["detections"], f["id"]))


def _dimension_order(dimension: str) -> tuple:
    order = list(DIMENSION_TITLES)
    return (order.index(dimension) if dimension in order else len(order), dimension)


def masking_summary(profile: dict) -> dict:
    dims = profile.get("dimensions") or {}
    merged = {d: dims[d].get("merged_into_others", 0) for d in sorted(dims, key=_dimension_order)}
    suppressed_groups = sorted(f"{DIMENSION_SINGULAR.get(d, d)} « {name} »" for d in dims
                               for name, g in (dims[d].get("groups") or {}).items() if g.get("suppressed"))
    crossed = profile.get("department_period") or {}
    crossed_masked = sum(1 for g in crossed.values() if g.get("suppressed"))
    return {"merged": merged, "merged_total": sum(merged.values()), "suppressed_groups": suppressed_groups,
            "crossed_masked": crossed_masked, "crossed_total": len(crossed),
            "any": bool(sum(merged.values()) or suppressed_groups or crossed_masked)}


def crossed_table(crossed: dict | None) -> dict:
    """``{"dept | period": summary}`` as rows (departments) × columns (periods)."""
    cells: dict[tuple[str, str], dict] = {}
    for key, summary in (crossed or {}).items():
        department, _, period = key.rpartition(" | ")
        cells[(department, period)] = summary
    departments = sorted({d for d, _ in cells}, key=group_key)
    periods = sorted({p for _, p in cells}, key=group_key)
    rows = [(d, [cells.get((d, p)) for p in periods]) for d in departments]
    return {"departments": departments, "periods": periods, "rows": rows,
            "has_empty": any(cell is None for _, row in rows for cell in row)}


def by_count(counts: dict | None) -> list[tuple]:
    """``{key: n}`` as pairs, most frequent first, then by key."""
    return sorted((counts or {}).items(), key=lambda kv: (-kv[1], str(kv[0])))


def model_rows(card: dict | None) -> list[dict]:
    if not card:
        return []
    rows = []
    order = {name: i for i, name in enumerate(MODEL_ORDER)}
    for system, metrics in sorted((card.get("test") or {}).items(), key=lambda kv: (order.get(kv[0], 99), kv[0])):
        rows.append({"system": MODEL_SYSTEMS.get(system, system), **(metrics or {})})
    return rows

