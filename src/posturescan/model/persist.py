"""Saving the classifier with skops, deterministically (reading it back: :mod:`posturescan.nlp.modelfiles`)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import skops.io as sio

from ..io import fixed_date_zip, write_bytes, write_text
from ..nlp.decision import DecisionRule
from ..nlp.modelfiles import DECISION_FILE, MODEL_FILE, STATUS_FILE

CARD_JSON = "model_card.json"
CARD_MD = "MODEL_CARD.md"

ID_FIELD = re.compile(r'("__id__": |"file": ")(\d+)')


def compact_vocabularies(estimator) -> None:
    """TF-IDF vocabularies map terms to NumPy integers, which skops would store one file each: plain ints."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    for value in _walk(estimator):
        if isinstance(value, TfidfVectorizer) and hasattr(value, "vocabulary_"):
            value.vocabulary_ = {term: int(index) for term, index in value.vocabulary_.items()}


def drop_process_state(estimator) -> None:
    """Forget what only means something in the process that fitted the model.

    scikit-learn's word vectorizers remember ``id(self.stop_words)`` (``_stop_words_id``, a memory address)
    so as to check the stop words once per process; stored, it would make every training give different
    bytes, and it is meaningless in another process (a loaded vectorizer simply checks again)."""
    from sklearn.feature_extraction.text import CountVectorizer

    for value in _walk(estimator):
        if isinstance(value, CountVectorizer) and hasattr(value, "_stop_words_id"):
            del value._stop_words_id


def _walk(estimator):
    yield estimator
    for attribute in ("steps", "transformer_list"):
        for _, part in getattr(estimator, attribute, ()):
            yield from _walk(part)


def deterministic_zip(data: bytes) -> bytes:
    """Same model, same bytes: skops names nodes and array files after memory addresses; renumber them in
    order of first appearance in the schema, and write the zip with fixed dates and order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    schema = source.read("schema.json").decode("utf-8")
    numbering: dict[str, str] = {}
    for match in ID_FIELD.finditer(schema):
        numbering.setdefault(match.group(2), str(len(numbering) + 1))
    schema = ID_FIELD.sub(lambda m: m.group(1) + numbering[m.group(2)], schema)
    members = {"schema.json": schema.encode("utf-8")}
    for name in source.namelist():
        if name != "schema.json":
            stem, dot, extension = name.partition(".")
            members[f"{numbering.get(stem, stem)}{dot}{extension}"] = source.read(name)
    return fixed_date_zip(members)


def _write_skops(path: Path, estimator) -> None:
    compact_vocabularies(estimator)
    drop_process_state(estimator)
    write_bytes(path, deterministic_zip(sio.dumps(estimator)))


def save_model(folder: Path, topic, status, rule: DecisionRule, prototypes=None, first_pass=None) -> None:
    """``first_pass``: (n-gram estimator, :class:`~posturescan.nlp.firstpass.FirstPassRule`) or None."""
    from ..nlp.firstpass import FIRST_PASS_MODEL, FIRST_PASS_RULE
    from ..nlp.guard import GUARD_FILE

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _write_skops(folder / MODEL_FILE, topic)
    if status is not None:
        _write_skops(folder / STATUS_FILE, status)
    if prototypes is not None:
        prototypes.save(folder)
    elif (folder / GUARD_FILE).exists():
        (folder / GUARD_FILE).unlink()  # a guard left by an earlier model would not match this one
    write_text(folder / DECISION_FILE, json.dumps(rule.to_dict(), ensure_ascii=False, indent=2) + "\n")
    if first_pass is not None:
        estimator, first_rule = first_pass
        _write_skops(folder / FIRST_PASS_MODEL, estimator)
        write_text(folder / FIRST_PASS_RULE, json.dumps(first_rule.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:  # files left by an earlier model would not match this one
        for name in (FIRST_PASS_MODEL, FIRST_PASS_RULE):
            if (folder / name).exists():
                (folder / name).unlink()

