"""The taxonomy of freins: ids, families, French titles and definitions, from ``lexicons/taxonomy.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .paths import lexicons_dir

POSITIVE = "positive"  # a levier (client-first posture), the counterpart of the freins


class TaxonomyError(ValueError):
    pass


@dataclass(frozen=True)
class Family:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Frein:
    id: str
    family: str
    title: str
    definition: str
    source: str
    polarity: str = "negative"
    examples: tuple[str, ...] = field(default=())
    counter_examples: tuple[str, ...] = field(default=())

    @property
    def is_levier(self) -> bool:
        return self.polarity == POSITIVE


@dataclass(frozen=True)
class Taxonomy:
    families: tuple[Family, ...]
    freins: tuple[Frein, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.freins)

    def get(self, frein_id: str) -> Frein:
        for frein in self.freins:
            if frein.id == frein_id:
                return frein
        raise KeyError(frein_id)

    def family_of(self, frein_id: str) -> str:
        return self.get(frein_id).family

    def family(self, family_id: str) -> Family:
        for family in self.families:
            if family.id == family_id:
                return family
        raise KeyError(family_id)


def parse_taxonomy(data: dict) -> Taxonomy:
    try:
        families = tuple(Family(f["id"], f["title"], f.get("description", "")) for f in data["families"])
        freins = tuple(
            Frein(
                id=f["id"], family=f["family"], title=f["title"], definition=f["definition"],
                source=f["source"], polarity=f.get("polarity", "negative"),
                examples=tuple(f.get("examples", ())), counter_examples=tuple(f.get("counter_examples", ())),
            )
            for f in data["freins"]
        )
    except (KeyError, TypeError) as err:
        raise TaxonomyError(f"taxonomy file is missing a field: {err}") from None
    family_ids = {f.id for f in families}
    ids = [f.id for f in freins]
    if len(set(ids)) != len(ids):
        raise TaxonomyError("taxonomy file has duplicate frein ids")
    stray = sorted({f.family for f in freins} - family_ids)
    if stray:
        raise TaxonomyError(f"freins refer to unknown families: {', '.join(stray)}")
    return Taxonomy(families, freins)


@lru_cache(maxsize=4)
def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    file = Path(path) if path else lexicons_dir() / "taxonomy.json"
    try:
        return parse_taxonomy(json.loads(Path(file).read_text(encoding="utf-8")))
    except OSError as err:
        raise TaxonomyError(f"cannot read taxonomy {file}: {err.strerror}") from None
    except json.JSONDecodeError as err:
        raise TaxonomyError(f"taxonomy {file} is not valid JSON: {err.msg} (line {err.lineno})") from None
