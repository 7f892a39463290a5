"""The files of a trained model folder, and reading its skops files safely (never pickle).

Writing them is :mod:`posturescan.model.persist`; reading them belongs here because the spaCy components
that apply a trained model (:mod:`.classifier`, :mod:`.decision`) load them.
"""

from __future__ import annotations

from pathlib import Path

MODEL_FILE = "model.skops"  # the topic model
STATUS_FILE = "status.skops"  # the status model
DECISION_FILE = "decision.json"
TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.", "posturescan.model.features.",
                    "posturescan.nlp.normalize.", "posturescan.text.fold", "collections.", "re.")


class ModelError(ValueError):
    pass


def read_skops(path: Path):
    """The estimator in ``path``; refuses any type outside the known libraries."""
    import skops.io as sio

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
