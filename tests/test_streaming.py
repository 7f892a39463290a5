"""What keeps memory flat in the size of the input gives the same results as the straightforward way:
the mailbox read one message at a time splits it as :mod:`mailbox` does, and the profile built with compact
document sets is the profile built with Python sets. (Memory itself is measured by ``bench/memory.py``.)"""

from __future__ import annotations

import mailbox
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posturescan import profile as profile_module
from posturescan.privacy import PrivacySettings
from posturescan.profile import DocumentSet, ProfileBuilder
from posturescan.records import ANALYSED, SKIPPED, STATUSES
from posturescan.sources import Limits, read_file
from posturescan.sources.mail import mbox_messages
from posturescan.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()

# -- the mailbox, one message at a time ---------------------------------------------------------
LINES = st.lists(st.sampled_from([b"From a@b.fr Mon Jan 1 00:00:00 2025\n", b"From \n", b"\n", b"\r\n", b">From x\n",
                                  b"Subject: x\n", b"corps du message\n", b"From", b"sans fin de ligne", b"x" * 40 + b"\n"]),
                 max_size=30)


def reference_messages(path) -> list[bytes]:
    box = mailbox.mbox(path, create=False)
    try:
        return [box.get_bytes(key) for key in box.keys()]
    finally:
        box.close()


@settings(max_examples=300, deadline=None)
@given(lines=LINES)
def test_mbox_messages_are_split_as_the_standard_library_splits_them(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("mbox") / "b.mbox"
    path.write_bytes(b"".join(lines))
    with open(path, "rb") as handle:
        streamed = [data for data, _ in mbox_messages(handle, 10_000)]
    assert streamed == reference_messages(path)


def test_mbox_lines_longer_than_a_read_are_kept_whole(monkeypatch, tmp_path):
    from posturescan.sources import mail

    monkeypatch.setattr(mail, "_MBOX_PIECE", 7)
    path = tmp_path / "b.mbox"
    path.write_bytes(b"From someone long enough to be cut\nSubject: un sujet assez long\n\ncorps\n\nFrom x\n\nsuite\n"
                     b"From yet another long line\nfin\n\n")
    with open(path, "rb") as handle:
        streamed = [m for m, _ in mbox_messages(handle, 10_000)]
    assert streamed == reference_messages(path) == [b"Subject: un sujet assez long\n\ncorps\n", b"\nsuite\n", b"fin\n"]


def test_mbox_message_over_the_limit_is_counted_not_kept(tmp_path):
    body = "Le client attendra. " * 200
    path = tmp_path / "b.mbox"
    path.write_bytes(b"".join(f"From a@b.fr\nFrom: a@b.fr\nSubject: M{i}\n\n{body if i == 1 else 'Bonjour.'}\n\n".encode()
                              for i in range(3)))
    with open(path, "rb") as handle:
        sizes = [(data is None, size) for data, size in mbox_messages(handle, 1_000)]
    assert [too_big for too_big, _ in sizes] == [False, True, False] and sizes[1][1] > 4_000
    docs = list(read_file(path, tmp_path, Limits(max_file_bytes=1_000)))
    assert [d.status for d in docs] == [ANALYSED, SKIPPED, ANALYSED]
    assert docs[1].document == "b.mbox#2" and docs[1].reason.startswith("message too large")


def test_mbox_message_limit_counts_the_messages_not_read(tmp_path):
    path = tmp_path / "b.mbox"
    path.write_bytes(b"".join(f"From a@b.fr\nFrom: a@b.fr\nSubject: M{i}\n\nBonjour {i}.\n\n".encode() for i in range(5)))
    docs = list(read_file(path, tmp_path, Limits(max_mbox_messages=2)))
    assert [d.status for d in docs] == [ANALYSED, ANALYSED, SKIPPED]
    assert docs[2].reason == "mbox message limit reached (2); 3 messages not read"


def test_mbox_without_message_is_skipped(tmp_path):
    path = tmp_path / "vide.mbox"
    path.write_bytes(b"pas de ligne From ici\n")
    [doc] = read_file(path, tmp_path)
    assert (doc.status, doc.reason) == (SKIPPED, "no messages found in the mbox")


# -- document sets --------------------------------------------------------------------------------
NUMBERS = st.lists(st.integers(0, 300), max_size=60).map(lambda xs: sorted(set(xs)))


@given(a=NUMBERS, b=NUMBERS, c=NUMBERS)
def test_document_set_union_is_a_set_union(a, b, c):
    merged = DocumentSet(a)
    merged |= DocumentSet(b)
    merged |= DocumentSet(c)
    assert list(merged) == sorted(set(a) | set(b) | set(c)) and len(merged) == len(set(a) | set(b) | set(c))


def test_document_set_keeps_a_document_once_and_refuses_going_back():
    numbers = DocumentSet([1, 4])
    numbers.add(4)
    assert list(numbers) == [1, 4]
    try:
        numbers.add(2)
    except ValueError:
        pass
    else:
        raise AssertionError("a document number below the last one must be refused")


# -- the profile ----------------------------------------------------------------------------------
class SetDocuments(set):
    """The straightforward reference: a Python set of document numbers."""


def random_records(seed: int, documents: int):
    rng = random.Random(seed)
    labels = [f.id for f in TAXONOMY.freins]
    departments = ["Accueil", "Ventes", "RH", "Compta"]
    people = [f"P-{i:010d}" for i in range(40)]
    for n in range(documents):
        if rng.random() < 0.05:
            yield ({"document": f"f{n}.txt", "alias": f"D-{n:010d}", "path": f"f{n}.txt", "format": "pdf",
                    "status": SKIPPED, "reason": rng.choice(["empty file", "not a valid docx (bad zip)"])}, [])
            continue
        contributors = []
        for _ in range(rng.randint(1, 3)):
            dept = rng.choice(departments)
            contributors.append({"person": rng.choice(people), "department": dept, "team": f"{dept}-{rng.randint(1, 2)}",
                                 "sentences": rng.randint(1, 12)})
        document = {"document": f"m{n}.eml", "alias": f"D-{n:010d}", "format": rng.choice(["eml", "docx"]),
                    "status": ANALYSED, "author": contributors[0]["person"],
                    "date": f"2025-{rng.randint(1, 12):02d}-0{rng.randint(1, 9)}", "contributors": contributors}
        detections = []
        for _ in range(rng.choice([0, 0, 1, 2, 4])):
            who = rng.choice(contributors)
            detections.append({"document": document["document"], "label": rng.choice(labels),
                               "status": rng.choice(STATUSES), "speaker": who["person"], "department": who["department"],
                               "team": who["team"], "pattern": rng.choice([None, "p1", "p2"]), "score": rng.random(),
                               "sentence": f"phrase {n}", "evidence": rng.choice(["pas le temps", "Pas le Temps"]),
                               "start": rng.randint(0, 50)})
        yield document, detections


def build(seed: int, documents: int, min_authors: int) -> dict:
    builder = ProfileBuilder(TAXONOMY, PrivacySettings(min_authors=min_authors, excerpt_min_authors=min_authors))
    for document, detections in random_records(seed, documents):
        builder.add(document, detections)
    return builder.build()


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), documents=st.integers(1, 200), min_authors=st.integers(3, 8))
def test_profile_with_document_sets_is_the_profile_with_python_sets(seed, documents, min_authors):
    compact = build(seed, documents, min_authors)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(profile_module, "DocumentSet", SetDocuments)
        reference = build(seed, documents, min_authors)
    assert compact == reference


# -- the spaCy vocabulary -------------------------------------------------------------------------
def test_new_words_do_not_stay_in_the_vocabulary_after_their_batch(lexicon_analyzer):
    """Each batch is made and analysed inside ``nlp.memory_zone()``: the strings of words never seen before
    (file numbers, amounts, names) are freed with it, and the results are whole plain data."""
    from posturescan.records import SourceDocument

    strings = lexicon_analyzer.nlp.vocab.strings

    def documents(first: int):
        for n in range(first, first + 40):
            yield SourceDocument(document=f"m{n}.eml", path=f"m{n}.eml", format="eml", kind="email",
                                 author="a@b.fr", text=f"Dossier Zqx{n}wv. Franchement, on n'a pas le temps pour ça.")

    list(lexicon_analyzer.analyse_documents(documents(0), batch_size=8))
    before = len(strings)
    results = list(lexicon_analyzer.analyse_documents(documents(1000), batch_size=8))
    assert len(strings) == before and "Zqx1000wv" not in strings
    assert [r.sentences for r in results] == [2] * 40
    assert all(any(d.label == "manque_de_temps" for d in r.detections) for r in results)


def test_the_lemmatizer_cache_is_bounded(lexicon_analyzer, monkeypatch):
    from posturescan import api
    from posturescan.records import SourceDocument

    cache = lexicon_analyzer.nlp.get_pipe("lemmatizer").cache
    monkeypatch.setattr(api, "COMPONENT_CACHE_SIZE", 0)  # emptied before every batch
    documents = (SourceDocument(document=f"m{n}.eml", path=f"m{n}.eml", format="eml", kind="email", author="a@b.fr",
                                text=f"Le dossier {n}A{n} est clos.") for n in range(120))
    results = list(lexicon_analyzer.analyse_documents(documents, batch_size=8))
    assert len(results) == 120 and len(cache) <= 30  # the last batch's words only
