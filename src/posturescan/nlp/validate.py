"""Load-time checks of token-pattern data (lexicon patterns and qualifier cues).

A pattern value that can never match is a silent bug: an accented ``NORM`` value (token norms are folded by
:func:`~posturescan.nlp.normalize.fold`), a ``LOWER`` value with capitals, or any value that the tokenizer
splits into several tokens (« pas vrai », « d'apres »: one pattern token only ever sees one text token).
:func:`check_patterns` reports each such value with its file and line, and the loaders refuse the data.
"""

from __future__ import annotations

from typing import Callable, Iterable

from .normalize import fold

#: Token attributes whose values are compared with a single token's text form.
TEXT_ATTRS = ("NORM", "LOWER", "ORTH", "TEXT", "LEMMA")
SET_OPERATORS = ("IN", "NOT_IN")


class PatternDataError(ValueError):
    """Pattern data that cannot work as written; the message names every file and line at fault."""


def _values(spec) -> Iterable[str]:
    if isinstance(spec, str):
        yield spec
    elif isinstance(spec, dict):
        for operator in SET_OPERATORS:
            for value in spec.get(operator, ()) or ():
                if isinstance(value, str):
                    yield value


def value_problems(attr: str, value: str, tokenize: Callable[[str], list[str]]) -> list[str]:
    """Why ``value`` can never match ``attr`` of a token (empty list when it can)."""
    problems = []
    if attr == "NORM" and fold(value) != value:
        problems.append(f"NORM « {value} » can never match: token norms are folded, write « {fold(value)} »")
    elif attr == "LOWER" and value.lower() != value:
        problems.append(f"LOWER « {value} » can never match: write « {value.lower()} »")
    if not value.strip():
        problems.append(f"{attr} value « {value} » is empty")
    else:
        pieces = in_context(value, tokenize)
        if len(pieces) != 1:
            problems.append(f"{attr} « {value} » is {len(pieces)} tokens for the tokenizer "
                            f"({' | '.join(pieces)}): write one pattern token per text token")
    return problems


def in_context(value: str, tokenize: Callable[[str], list[str]]) -> list[str]:
    """The tokens of ``value`` as they appear in running text: an elided clitic (« n' », « qu' ») is only
    split off before a word, so it is tokenized in front of one."""
    if value.endswith("'") and len(value) > 1:
        pieces = tokenize(value + "a")
        return pieces[:-1] if pieces[-1:] == ["a"] else pieces
    return tokenize(value)


def pattern_problems(pattern, tokenize: Callable[[str], list[str]]) -> list[str]:
    if not isinstance(pattern, list):
        return ["a pattern must be a list of token specifications"]
    problems = []
    for spec in pattern:
        if not isinstance(spec, dict):
            problems.append("a token specification must be an object")
            continue
        for attr in TEXT_ATTRS:
            if attr in spec:
                for value in _values(spec[attr]):
                    problems.extend(value_problems(attr, value, tokenize))
    return problems


def check_patterns(entries: Iterable[tuple[str, int, list]], tokenize: Callable[[str], list[str]]) -> None:
    """``entries``: (file name, line number, token pattern). Raises one error listing every bad value."""
    errors = []
    cache: dict[str, list[str]] = {}

    def cached(text: str) -> list[str]:
        if text not in cache:
            cache[text] = tokenize(text)
        return cache[text]

    for file_name, line, pattern in entries:
        errors.extend(f"{file_name}:{line}: {problem}" for problem in pattern_problems(pattern, cached))
    if errors:
        raise PatternDataError("pattern data that can never match:\n" + "\n".join(errors))


def tokenizer_of(nlp) -> Callable[[str], list[str]]:
    """The pipeline's own tokenizer, as a function from text to token texts. A folded value whose accented
    form is one of the tokenizer's one-token exceptions (« peut-être » -> « peut-etre ») is one token."""
    single = {fold(text) for text, pieces in (nlp.tokenizer.rules or {}).items() if len(pieces) == 1}

    def tokenize(text: str) -> list[str]:
        if text in single:
            return [text]
        return [t.text for t in nlp.tokenizer(text) if not t.is_space]

    return tokenize


def check_pattern_folder(folder, nlp) -> None:
    """Checks every ``pattern`` of ``folder/*.jsonl`` (one JSON object a line) with ``nlp``'s tokenizer."""
    from pathlib import Path

    from ..io import numbered_records

    entries = []
    for file in sorted(Path(folder).glob("*.jsonl")):
        for number, entry in numbered_records(file):
            if isinstance(entry, dict) and "pattern" in entry:
                entries.append((file.name, number, entry["pattern"]))
    check_patterns(entries, tokenizer_of(nlp))
