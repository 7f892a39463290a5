"""Saving and loading the classifier with skops (never pickle): only known types are trusted."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import skops.io as sio

from ..io import fixed_date_zip, write_bytes, write_text
from .decision import DecisionRule

MODEL_FILE = "model.skops"  # the topic model
STATUS_FILE = "status.skops"  # the status model
DECISION_FILE = "decision.json"
CARD_JSON = "model_card.json"
CARD_MD = "MODEL_CARD.md"
TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.", "posturescan.model.features.",
                    "posturescan.nlp.normalize.", "collections.", "re.")


class ModelError(ValueError):
    pass


ID_FIELD = re.compile(r'("__id__": |"file": ")(\d+)')


def compact_vocabularies(estimator) -> None:
    """TF-IDF vocabularies map terms to NumPy integers, which skops would store one file each: plain ints."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    for value in _walk(estimator):
        if isinstance(value, TfidfVectorizer) and hasattr(value, "vocabulary_"):
            value.vocabulary_ = {term: int(index) for term, index in value.vocabulary_.items()}


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
    write_bytes(path, deterministic_zip(sio.dumps(estimator)))


def save_model(folder: Path, topic, status, rule: DecisionRule, prototypes=None) -> None:
    from .guard import GUARD_FILE

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


def _read_skops(path: Path):
    try:
        data = path.read_bytes()
        untrusted = sio.get_untrusted_types(data=data)
    except OSError as err:
        raise ModelError(f"cannot read model {path}: {err.strerror}") from None
    except Exception as err:  # skops raises various errors on a damaged file
        raise ModelError(f"{path} is not a valid skops model ({type(err).__name__})") from None
    unknown = [t for t in untrusted if not t.startswith(TRUSTED_PREFIXES)]
    if unknown:
        raise ModelError(f"{path} contains types that are not trusted: {', '.join(unknown[:5])}")
    return sio.loads(data, trusted=untrusted)


def load_model(folder: Path, *, encoder: str | None = None):
    """(topic model, status model or None, decision rule); refuses any type outside the known libraries,
    and an ``encoder`` other than the one the model was trained with (None: the model's own)."""
    from ..encoders import EncoderError, check_compatible
    from .features import encoder_blocks

    folder = Path(folder)
    try:
        rule = DecisionRule.from_dict(json.loads((folder / DECISION_FILE).read_text(encoding="utf-8")))
    except (OSError, KeyError, ValueError, TypeError) as err:
        raise ModelError(f"cannot read {DECISION_FILE} in {folder}: {err}") from None
    try:
        rule.encoder = check_compatible(rule.encoder, encoder, str(folder))
    except EncoderError as err:
        raise ModelError(str(err)) from None
    topic = _read_skops(folder / MODEL_FILE)
    status = _read_skops(folder / STATUS_FILE) if (folder / STATUS_FILE).exists() else None
    for block in encoder_blocks(topic) + (encoder_blocks(status) if status is not None else []):
        block.encoder = rule.encoder  # same encoder (checked above), possibly at another path on this machine
    return topic, status, rule


def load_guard(folder: Path):
    """The similarity guard's prototypes (None for a model without an encoder)."""
    from .guard import Prototypes

    try:
        return Prototypes.load(Path(folder))
    except (OSError, ValueError, KeyError) as err:
        raise ModelError(f"cannot read the similarity guard in {folder}: {err}") from None
