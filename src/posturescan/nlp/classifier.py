"""The trained sentence classifier as spaCy components.

``posturescan_classifier`` scores every sentence, attaches ``p`` to lexicon spans and adds a
sentence-level span for each label the classifier alone finds; ``posturescan_decision`` (after the
qualifiers, :mod:`.decision`) applies :class:`~posturescan.nlp.decision.DecisionRule` to lexicon hits.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from .decision import DecisionRule
from .extensions import SPANS_KEY, add_explain, register_extensions
from .guard import Prototypes
from .modelfiles import MODEL_FILE, STATUS_FILE, ModelError, read_skops
from .secondpass import in_focus

_CACHE: dict[str, tuple] = {}
MIN_WORDS = 3  # a frein is a statement: headings and one-word lines (« Décisions ») are not scored


def scorable(sent: Span) -> bool:
    if sent.text.lstrip().startswith("#"):
        return False
    return sum(1 for t in sent if t.is_alpha) >= MIN_WORDS


def load_model(folder: Path, *, encoder: str | None = None):
    """(topic model, status model or None, decision rule); refuses any type outside the known libraries,
    and an ``encoder`` other than the one the model was trained with (None: the model's own)."""
    from ..encoders import EncoderError, check_compatible

    folder = Path(folder)
    rule = DecisionRule.load(folder)
    try:
        rule.encoder = check_compatible(rule.encoder, encoder, str(folder))
    except EncoderError as err:
        raise ModelError(str(err)) from None
    topic = read_skops(folder / MODEL_FILE)
    status = read_skops(folder / STATUS_FILE) if (folder / STATUS_FILE).exists() else None
    for block in encoder_blocks(topic) + (encoder_blocks(status) if status is not None else []):
        block.encoder = rule.encoder  # same encoder (checked above), possibly at another path on this machine
    return topic, status, rule


def load_guard(folder: Path):
    """The similarity guard's prototypes (None for a model without an encoder)."""
    try:
        return Prototypes.load(Path(folder))
    except (OSError, ValueError, KeyError) as err:
        raise ModelError(f"cannot read the similarity guard in {folder}: {err}") from None


def encoder_blocks(estimator) -> list:
    """The encoder feature blocks of a fitted pipeline (steps that carry an ``encoder`` spec), to check or
    repoint the encoder after loading."""
    found = []
    stack = [estimator]
    while stack:
        part = stack.pop()
        if isinstance(getattr(part, "encoder", None), str) and hasattr(part, "transform"):
            found.append(part)
        for attribute in ("steps", "transformer_list"):
            stack.extend(step for _, step in getattr(part, attribute, ()))
    return found


def cached_model(model_dir: str, encoder: str | None = None):
    """One load per model file version (and encoder): (topic model, status model, decision rule, guard
    prototypes or None)."""
    stat = (Path(model_dir) / MODEL_FILE).stat()
    key = f"{Path(model_dir).resolve()}:{stat.st_mtime_ns}:{stat.st_size}:{encoder}"
    if key not in _CACHE:
        _CACHE[key] = (*load_model(model_dir, encoder=encoder), load_guard(model_dir))
    return _CACHE[key]


class SentenceClassifier:
    def __init__(self, name: str, *, model_dir: str, encoder: str | None = None):
        from ..encoders import get_encoder

        register_extensions()
        self.name = name
        self.estimator, self.status_model, self.rule, self.prototypes = cached_model(model_dir, encoder)
        self.encoder = get_encoder(self.rule.encoder) if self.prototypes is not None and self.rule.guard else None
        self._warm_up()

    def _warm_up(self) -> None:
        """Score one sentence, so that the word vectors and the encoder load with the pipeline (start-up),
        not during the first batch of a run."""
        text = "Bonjour à tous."
        self.estimator.predict_proba([text])
        if self.status_model is not None:
            self.status_model.predict_proba([text])
        if self.encoder is not None:
            self.encoder.encode([text])

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream, batch_size: int = 64):
        """Scores the sentences of a whole batch of documents in one call to each model (the per-call
        overhead of scikit-learn dominates when documents are scored one by one)."""
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._score(batch)
                batch = []
        if batch:
            yield from self._score(batch)

    def _score(self, docs: list[Doc]) -> list[Doc]:
        sentences = [[s for s in doc.sents if scorable(s) and in_focus(doc, s.start)] for doc in docs]
        texts = [s.text for sents in sentences for s in sents]
        applies = [bool(sents) or (doc._.focus is not None and doc._.focus.any_scorable)
                   for doc, sents in zip(docs, sentences)]
        if not any(applies):
            return docs
        topic_rows = iter(self.estimator.predict_proba(texts) if texts else ())
        similarity_rows = (iter(self.prototypes.similarity_rows(self.encoder.encode(texts)) if texts else ())
                           if self.encoder else None)
        status_rows = iter(self.status_model.predict_proba(texts) if texts else ()) if self.status_model is not None else None
        classes = list(self.status_model.classes_) if self.status_model is not None else []
        for doc, sents, apply in zip(docs, sentences, applies):
            scores, guesses, similarity = {}, {}, {}
            for sent in sents:
                scores[sent.start] = {label: float(p) for label, p in zip(self.rule.labels, next(topic_rows))}
                if similarity_rows is not None:
                    similarity[sent.start] = next(similarity_rows)
                if status_rows is not None:
                    row = next(status_rows)
                    best = int(row.argmax())
                    verdict = self.rule.model_status((classes[best], float(row[best])))
                    if verdict is not None:
                        guesses[sent.start] = (verdict, float(row[best]))
            if apply:  # a window of a document that has scored sentences: the decision rule applies, as in the whole doc
                doc._.sentence_scores = scores
                doc._.status_guess = guesses
                self._add_spans(doc, sents, scores, similarity)
        return docs

    def _add_spans(self, doc: Doc, sentences: list[Span], scores: dict, similarity: dict) -> None:
        spans = list(doc.spans.get(SPANS_KEY, []))
        lexicon_labels = set()
        for span in spans:
            span._.score = scores.get(span.sent.start, {}).get(span.label_, 0.0)
            lexicon_labels.add((span.sent.start, span.label_))
        for sent in sentences:
            near = similarity.get(sent.start)
            for label, p in scores[sent.start].items():
                if (sent.start, label) not in lexicon_labels and self.rule.classifier_fires(label, p, near):
                    span = Span(doc, sent.start, sent.end, label=label)
                    span._.score = p
                    span._.source = "classifier"
                    add_explain(span, f"classifieur : p = {p:.2f} ≥ seuil {self.rule.threshold[label]:.2f}")
                    if near is not None and label in self.rule.guard:
                        add_explain(span, f"proche des phrases d'apprentissage : similarité {near[label]:.2f} "
                                          f"≥ {self.rule.guard[label]:.2f}")
                    spans.append(span)
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: (s.start, s.end, s.label_))


@Language.factory("posturescan_classifier", default_config={"model_dir": None, "encoder": None})
def make_classifier(nlp: Language, name: str, *, model_dir: str, encoder: str | None) -> SentenceClassifier:
    return SentenceClassifier(name, model_dir=model_dir, encoder=encoder)
