"""What the classifiers learn from a corpus example, shared by the models of :mod:`.train` and :mod:`.firstpass`."""

from __future__ import annotations

from ..corpus import Example

DEFAULT_SEED = 13


def topic_labels(example: Example) -> list[str]:
    """The frein a sentence is about, counted or not: labels, or the target of a negated / hypothetical /
    mentioned frein. The status model and the qualifiers decide whether it counts."""
    target = example.meta.get("target")
    if example.status in ("negated", "hypothetical", "mention") and target:
        return sorted({*example.labels, target})
    return list(example.labels)
