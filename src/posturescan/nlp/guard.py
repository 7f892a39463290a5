"""The similarity guard: how much a sentence resembles the training sentences about each frein.

The training sentences about a frein (counted or not: its topic) are kept as encoder vectors (float16) in
``guard.npz`` beside the model. For a new sentence, the guard gives per label the highest cosine similarity
to them; the decision rule lets the classifier alone count a frein only when that similarity reaches the
label's bar (chosen on dev and out-of-domain neutral text), so that text unlike anything seen in training
stays quiet unless the lexicon fires.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from ..io import fixed_date_zip, write_bytes

GUARD_FILE = "guard.npz"
CHUNK = 256


class Prototypes:
    def __init__(self, vectors: np.ndarray, membership: np.ndarray, labels: list[str]):
        self.vectors = np.asarray(vectors, dtype=np.float16)  # (n, dim), L2-normalised
        self.membership = np.asarray(membership, dtype=bool)  # (n, labels)
        self.labels = list(labels)

    @classmethod
    def from_examples(cls, vectors: np.ndarray, topics: list[list[str]], labels: list[str]) -> "Prototypes":
        membership = np.array([[label in t for label in labels] for t in topics], dtype=bool).reshape(len(topics), len(labels))
        keep = membership.any(axis=1)
        return cls(vectors[keep], membership[keep], labels)

    def similarity(self, vectors: np.ndarray) -> np.ndarray:
        """(m, labels): for each sentence and label, the highest cosine to that label's training sentences
        (-1 when the label has none)."""
        vectors = np.asarray(vectors, dtype=np.float32)
        out = np.full((len(vectors), len(self.labels)), -1.0, dtype=np.float32)
        prototypes = self.vectors.astype(np.float32)
        for start in range(0, len(vectors), CHUNK):
            sims = vectors[start:start + CHUNK] @ prototypes.T  # (chunk, n)
            for j in range(len(self.labels)):
                column = self.membership[:, j]
                if column.any():
                    out[start:start + CHUNK, j] = sims[:, column].max(axis=1)
        return np.round(out, 4)

    def similarity_rows(self, vectors: np.ndarray) -> list[dict[str, float]]:
        return [{label: float(v) for label, v in zip(self.labels, row)} for row in self.similarity(vectors)]

    def save(self, folder: Path) -> None:
        members = {}
        for name, array in (("vectors", self.vectors), ("membership", self.membership),
                            ("labels", np.array(self.labels, dtype="<U64"))):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, array, allow_pickle=False)
            members[f"{name}.npy"] = buffer.getvalue()
        write_bytes(Path(folder) / GUARD_FILE, fixed_date_zip(members))

    @classmethod
    def load(cls, folder: Path) -> "Prototypes | None":
        path = Path(folder) / GUARD_FILE
        if not path.exists():
            return None
        with np.load(path, allow_pickle=False) as data:
            return cls(data["vectors"], data["membership"], [str(x) for x in data["labels"]])
