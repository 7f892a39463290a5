"""What the lexicon and the context qualifiers say about each corpus sentence, computed once.

Training (threshold tuning) and cross-validation combine these with classifier probabilities through
:class:`~posturescan.nlp.decision.DecisionRule` without re-running spaCy for every candidate threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Span

from ..nlp.extensions import SPANS_KEY
from ..records import COUNTED_STATUSES


@dataclass
class SentenceContext:
    lexicon_status: dict[str, str]  # label -> status of its lexicon hit (a counted one wins)
    sentence_status: str  # status the qualifiers give a whole-sentence detection


def sentence_contexts(nlp: Language, texts: list[str], *, batch_size: int = 64) -> list[SentenceContext]:
    """``nlp`` is a lexicon-only pipeline (no classifier) from :func:`posturescan.nlp.pipeline.build_pipeline`."""
    qualifier = nlp.get_pipe("posturescan_qualifiers")
    contexts = []
    with nlp.memory_zone():
        for doc in nlp.pipe(texts, batch_size=batch_size):
            lexicon: dict[str, str] = {}
            for span in doc.spans.get(SPANS_KEY, []):
                status = span._.status
                if span.label_ not in lexicon or (status in COUNTED_STATUSES and lexicon[span.label_] not in COUNTED_STATUSES):
                    lexicon[span.label_] = status
            cues = qualifier.find_cues(doc)
            statuses = []
            for sent in doc.sents:
                probe = Span(doc, sent.start, sent.end, label="__sentence__")
                qualifier.qualify(probe, cues)
                statuses.append(probe._.status)
            # a text is one corpus sentence; if the splitter cut it, the weakest status decides
            counted = [s for s in statuses if s in COUNTED_STATUSES]
            contexts.append(SentenceContext(lexicon, counted[0] if counted else (statuses[0] if statuses else "asserted")))
    return contexts
