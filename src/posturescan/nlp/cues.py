"""ConText cue data: loading, validation and matching of ``lexicons/qualifiers/*.jsonl``.

Each line of a cue file is ``{"label", "id", "direction", "pattern"}`` (token patterns on NORM, LEMMA, MORPH…),
with optional ``"scope": "sentence"`` (the cue ignores terminations) or ``"scope": "governs"`` (the cue must
be a syntactic ancestor of the frein: a conditional verb qualifies its own clause only), ``"unless_negative":
true`` (the cue does not apply to a frein that carries its own negation, e.g. « loin de là ») and
``"sentence_level": false`` (not applied to whole-sentence classifier detections, whose polarity is unknown:
« je ne crois pas que mon équipe sache vendre » is the frein itself). Labels:

- ``negation``, ``hypothesis``, ``reported``, ``mention``: the qualifiers;
- ``termination``: ends the scope of every cue (« mais », « car », « parce que », « ; »…);
- ``pseudo``: looks like a cue and cancels the cues it overlaps (« même si », « disons que », « s'il vous plaît »);
- ``confirmation``: cancels the hypothesis cues of its proposition (« évidemment », « c'est certain »).

``lists.jsonl`` names word lists once (``{"list": "speech_verbs", "values": [...]}``); a pattern refers to one
with ``"@name"`` in place of a value or of an ``IN`` list. Every value is checked at load
(:mod:`posturescan.nlp.validate`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from ..io import numbered_records
from .validate import PatternDataError, check_patterns, tokenizer_of

QUALIFIERS = ("mention", "negation", "hypothesis", "reported")  # strongest first
CONTROL = ("termination", "pseudo", "confirmation")
DIRECTIONS = ("forward", "backward", "both")
LISTS_FILE = "lists.jsonl"


@dataclass(frozen=True)
class CueRule:
    label: str
    cue_id: str
    direction: str
    sentence_scope: bool
    unless_negative: bool
    governs: bool = False  # the cue must govern the frein (be its syntactic ancestor): the conditional
    sentence_level: bool = True  # False: not applied to whole-sentence (classifier) detections


def _expand(value, lists: dict[str, list[str]], where: str):
    """Replaces ``"@name"`` references (as a value, an IN list or an item of one) by the named list."""
    if isinstance(value, str) and value.startswith("@") and len(value) > 1:
        if value[1:] not in lists:
            raise PatternDataError(f"{where}: unknown list {value}")
        return {"IN": list(lists[value[1:]])}
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("IN", "NOT_IN"):
                if isinstance(item, str):
                    item = _expand(item, lists, where)["IN"]
                else:
                    flat = []
                    for v in item:
                        flat.extend(_expand(v, lists, where)["IN"] if isinstance(v, str) and v.startswith("@") else [v])
                    item = flat
            out[key] = item
        return out
    return value


def expand_pattern(pattern: list, lists: dict[str, list[str]], where: str) -> list:
    return [{key: (_expand(value, lists, where) if key not in ("OP",) else value) for key, value in spec.items()}
            for spec in pattern]


def read_cue_folder(folder: Path) -> tuple[list[tuple[str, int, dict]], dict[str, list[str]]]:
    """(file name, line, entry) for every cue, with list references expanded; and the lists."""
    folder = Path(folder)
    lists: dict[str, list[str]] = {}
    if (folder / LISTS_FILE).exists():
        for number, entry in numbered_records(folder / LISTS_FILE):
            if not isinstance(entry, dict) or not isinstance(entry.get("list"), str) or not isinstance(entry.get("values"), list):
                raise PatternDataError(f"{LISTS_FILE}:{number}: a list needs a name (list) and values")
            if entry["list"] in lists:
                raise PatternDataError(f"{LISTS_FILE}:{number}: list {entry['list']} defined twice")
            lists[entry["list"]] = entry["values"]
    entries = []
    for file in sorted(folder.glob("*.jsonl")):
        if file.name == LISTS_FILE:
            continue
        for number, entry in numbered_records(file):
            where = f"{file.name}:{number}"
            if not isinstance(entry, dict) or not {"label", "id", "pattern"} <= entry.keys():
                raise PatternDataError(f"{where}: a cue needs label, id and pattern")
            if entry["label"] not in QUALIFIERS + CONTROL:
                raise PatternDataError(f"{where}: unknown cue label {entry['label']}")
            direction = entry.get("direction", "both")
            if direction not in DIRECTIONS:
                raise PatternDataError(f"{where}: direction must be one of {', '.join(DIRECTIONS)}")
            entry = {**entry, "direction": direction, "pattern": expand_pattern(entry["pattern"], lists, where)}
            entries.append((file.name, number, entry))
    return entries, lists


class CueMatcher:
    """Finds cues as ``Span``s labelled with their family and carrying the cue id (``span.id_``)."""

    def __init__(self, nlp: Language, folder: Path):
        entries, _ = read_cue_folder(folder)
        check_patterns(((name, line, entry["pattern"]) for name, line, entry in entries), tokenizer_of(nlp))
        self.rules: dict[str, CueRule] = {}
        self._matcher = Matcher(nlp.vocab, validate=True)
        for name, line, entry in entries:
            cue_id = entry["id"]
            if cue_id in self.rules:
                raise PatternDataError(f"{name}:{line}: duplicate cue id {cue_id}")
            self.rules[cue_id] = CueRule(entry["label"], cue_id, entry["direction"],
                                         entry.get("scope") == "sentence", bool(entry.get("unless_negative")),
                                         entry.get("scope") == "governs", entry.get("sentence_level", True) is not False)
            self._matcher.add(cue_id, [entry["pattern"]])

    def __call__(self, doc: Doc) -> list[Span]:
        """Cues of ``doc`` in order; a cue inside a longer cue of its family (or a speech verb inside a
        negation or mention cue) is dropped, and so is a qualifier cue that overlaps a pseudo-cue."""
        found = []
        for match_id, start, end in self._matcher(doc):
            cue_id = doc.vocab.strings[match_id]
            found.append(Span(doc, start, end, label=self.rules[cue_id].label, span_id=cue_id))
        found.sort(key=lambda c: (c.start, -(c.end - c.start), c.id_))
        kept: list[Span] = []
        for cue in found:
            if any(k.start <= cue.start and cue.end <= k.end and (
                    k.label_ == cue.label_ or (cue.label_ == "reported" and k.label_ in ("negation", "mention")))
                   for k in kept):
                continue  # part of a longer cue: « dit que » in « personne ne dit que »
            kept.append(cue)
        pseudo = [c for c in kept if c.label_ == "pseudo"]
        return [c for c in kept if c.label_ == "pseudo" or c.label_ not in QUALIFIERS
                or not any(p.start < c.end and c.start < p.end for p in pseudo)]

    def rule(self, cue: Span) -> CueRule:
        return self.rules[cue.id_]
