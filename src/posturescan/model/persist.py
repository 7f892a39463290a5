"""Saving and loading the classifier with skops (never pickle): only known types are trusted."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import skops.io as sio

from ..io import write_text
from .decision import DecisionRule

MODEL_FILE = "model.skops"
DECISION_FILE = "decision.json"
CARD_JSON = "model_card.json"
CARD_MD = "MODEL_CARD.md"
TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.", "posturescan.model.features.",
                    "posturescan.nlp.normalize.", "collections.", "re.")
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


class ModelError(ValueError):
    pass


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and order, so the same model gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


def save_model(folder: Path, estimator, rule: DecisionRule) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = deterministic_zip(sio.dumps(estimator))
    tmp = folder / f".{MODEL_FILE}.tmp"
    tmp.write_bytes(data)
    tmp.replace(folder / MODEL_FILE)
    write_text(folder / DECISION_FILE, json.dumps(rule.to_dict(), ensure_ascii=False, indent=2) + "\n")


def load_model(folder: Path):
    """The fitted estimator and its decision rule; refuses any type outside the known libraries."""
    path = Path(folder) / MODEL_FILE
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
    estimator = sio.loads(data, trusted=untrusted)
    try:
        rule = DecisionRule.from_dict(json.loads((Path(folder) / DECISION_FILE).read_text(encoding="utf-8")))
    except (OSError, KeyError, json.JSONDecodeError) as err:
        raise ModelError(f"cannot read {DECISION_FILE} in {folder}: {err}") from None
    return estimator, rule
