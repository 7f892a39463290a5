"""The staff directory (``--directory staff.csv``): who belongs to which department and team.

CSV columns (header required, any of ``;`` ``,`` tab ``|``, UTF-8 with or without BOM, UTF-16, Windows-1252), under the
names people use: « Adresse e-mail », « Courriel », « Mail », « Nom complet » or « Prénom » + « Nom », « Service »,
« Direction », « Équipe » (English names too). See :data:`COLUMN_ALIASES`.
A person is found by e-mail address, by full name, or by a first or last name that only one person has.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .text import fold

UNASSIGNED = "non attribué"
#: Header names people use, folded (lower case, no accents) with punctuation turned into spaces.
COLUMN_ALIASES = {
    "email": ("email", "e mail", "mail", "courriel", "adresse e mail", "adresse email", "adresse mail",
              "adresse courriel", "adresse electronique", "mel", "email address", "e mail address", "adresse"),
    "name": ("name", "full name", "nom complet", "nom prenom", "prenom nom", "personne", "collaborateur",
             "collaboratrice", "agent", "salarie", "display name", "nom d affichage"),
    "first_name": ("prenom", "first name", "firstname", "given name"),
    "last_name": ("nom", "nom de famille", "last name", "lastname", "surname", "family name"),
    "department": ("department", "departement", "service", "direction", "pole", "division", "dept", "unite"),
    "team": ("team", "equipe", "unite de travail", "groupe", "cellule", "bureau"),
}
EXPECTED = "une adresse e-mail (« Adresse e-mail », « Courriel », « Mail »), un nom (« Nom complet », ou « Prénom » + « Nom »), " \
           "un service (« Service », « Direction ») et, si besoin, une équipe (« Équipe »)"
DELIMITERS = ";,\t|"


class DirectoryError(ValueError):
    pass


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    department: str
    team: str

    @property
    def identity(self) -> str:
        return self.email or fold(self.name)


def name_key(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").replace(".", " ").split())


class Directory:
    def __init__(self, people: list[Person], *, columns: dict[str, str] | None = None):
        self.people = people
        self.columns = columns or {}
        self.lookups = 0  # names and addresses looked up during a run…
        self.matches = 0  # …and how many of them were found
        self._by_email = {p.email: p for p in people if p.email}
        self._by_name: dict[str, Person | None] = {}
        for person in people:
            full = name_key(person.name)
            self._add(full, person)
            parts = full.split()
            if len(parts) > 1:
                self._add(parts[0], person)  # first name
                self._add(" ".join(parts[1:]), person)  # last name
                self._add(f"{parts[0]} {parts[-1][:1]}", person)  # « Karim B. »

    def _add(self, key: str, person: Person) -> None:
        if key in self._by_name and self._by_name[key] != person:
            self._by_name[key] = None  # ambiguous: two people share it
        else:
            self._by_name[key] = person

    def find(self, who: str | None) -> Person | None:
        person = self._find(who)
        if who and who.strip():
            self.lookups += 1
            self.matches += person is not None
        return person

    def resolve(self, *handles: str | None) -> str | None:
        """The first handle (address, display name…) the directory knows, else the first non-empty one."""
        present = [h for h in handles if h and h.strip()]
        return next((h for h in present if self._find(h) is not None), present[0] if present else None)

    def _find(self, who: str | None) -> Person | None:
        if not who or not who.strip():
            return None
        who = who.strip()
        if "@" in who:
            return self._by_email.get(who.lower())
        key = name_key(who)
        for prefix in ("mme ", "m ", "mr ", "dr ", "madame ", "monsieur "):
            if key.startswith(prefix):
                key = key[len(prefix):]
        return self._by_name.get(key)

    def names(self) -> list[str]:
        """Every full, first and last name, for masking excerpts."""
        out = set()
        for person in self.people:
            out.add(person.name)
            out.update(part for part in person.name.replace("-", " ").split() if len(part) > 2)
        return sorted(out, key=lambda n: (-len(n), n))


def header_key(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in fold(text or "")).split())


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 (which also reads Latin-1)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def recognise(fieldnames: list[str]) -> dict[str, str | None]:
    """Maps our fields to the file's columns, by the names people use."""
    header = {header_key(h): h for h in fieldnames if h}
    return {field: next((header[a] for a in aliases if a in header), None) for field, aliases in COLUMN_ALIASES.items()}


def read_directory(path: Path) -> Directory:
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise DirectoryError(f"annuaire illisible {path} : {err.strerror}") from None
    text = decode(raw)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=lambda d: (first.count(d), -DELIMITERS.index(d)))
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    found = [h for h in reader.fieldnames or [] if h and h.strip()]
    columns = recognise(found)
    has_name = columns["name"] or columns["last_name"]
    if not columns["department"] or not (columns["email"] or has_name):
        raise DirectoryError(f"annuaire {path} : aucune colonne utilisable ; colonnes trouvées : "
                             f"{', '.join(f'« {h} »' for h in found) or 'aucune'} ; attendu : {EXPECTED}")
    people = []
    for row in reader:
        email = (row.get(columns["email"]) or "").strip().lower() if columns["email"] else ""
        name = (row.get(columns["name"]) or "").strip() if columns["name"] else ""
        if not name and columns["last_name"]:
            parts = [(row.get(columns[f]) or "").strip() for f in ("first_name", "last_name") if columns[f]]
            name = " ".join(p for p in parts if p)
        if not email and not name:
            continue
        department = (row.get(columns["department"]) or "").strip() or UNASSIGNED
        team = (row.get(columns["team"]) or "").strip() if columns["team"] else ""
        people.append(Person(email, name, department, team or department))
    if not people:
        raise DirectoryError(f"annuaire {path} : aucune personne (colonnes trouvées : {', '.join(found)})")
    return Directory(people, columns={f: c for f, c in columns.items() if c})
