"""Document structure in the pipeline: headings and table data are never freins, example lists are mentions.

``posturescan_structure`` runs after the qualifiers (and before the decision component). It reads the
blocks found by :mod:`posturescan.clean.structure` (``doc._.blocks``) and, for each span of
``doc.spans["freins"]``:

* drops it when it lies in a ``heading``, ``data`` or ``label`` block (« Relation client : point d'étape »,
  an « Échéance » cell, a « [09:47] Nom : » label): structure is context, not speech;
* gives it the status ``mention`` when it lies in a ``mention`` block (a bullet under « Les formules qui
  fâchent »): the title travels with its bullets.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..records import MENTION, NOT_SPEECH, block_at
from .extensions import SPANS_KEY, add_explain, register_extensions


class StructureFilter:
    def __init__(self, name: str):
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        blocks = doc._.blocks
        if not blocks or SPANS_KEY not in doc.spans:
            return doc
        kept = []
        for span in doc.spans[SPANS_KEY]:
            block = block_at(blocks, span.start_char, span.end_char, span.text)
            if block is not None and block.kind in NOT_SPEECH:
                continue
            if block is not None and block.kind == MENTION and span._.status != "mention":
                span._.status = "mention"
                span._.speaker = None
                add_explain(span, f"élément de liste sous le titre « {block.heading} » : exemple cité")
            kept.append(span)
        doc.spans[SPANS_KEY] = kept
        return doc


@Language.factory("posturescan_structure", default_config={})
def make_structure_filter(nlp: Language, name: str) -> StructureFilter:
    return StructureFilter(name)
