"""The staff directory (``--directory staff.csv``): who belongs to which department and team.

CSV columns (header required, ``,`` or ``;``, UTF-8 with or without BOM; French names accepted):
``email`` (courriel), ``name`` (nom), ``department`` (service, direction), ``team`` (equipe).
A person is found by e-mail address, by full name, or by a first or last name that only one person has.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .text import fold

UNASSIGNED = "non attribué"
COLUMN_ALIASES = {
    "email": ("email", "e-mail", "mail", "courriel", "adresse"),
    "name": ("name", "nom", "nom complet", "personne"),
    "department": ("department", "departement", "service", "direction"),
    "team": ("team", "equipe"),
}


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
    def __init__(self, people: list[Person]):
        self.people = people
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
        if not who:
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


def read_directory(path: Path) -> Directory:
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise DirectoryError(f"annuaire illisible {path} : {err.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = {fold(h or "").strip(): h for h in reader.fieldnames or []}
    columns = {}
    for field, aliases in COLUMN_ALIASES.items():
        columns[field] = next((header[a] for a in aliases if a in header), None)
    if not columns["department"] or not (columns["email"] or columns["name"]):
        raise DirectoryError(f"annuaire {path} : colonnes attendues email,name,department,team "
                             f"(trouvées : {', '.join(reader.fieldnames or []) or 'aucune'})")
    people = []
    for row in reader:
        email = (row.get(columns["email"]) or "").strip().lower() if columns["email"] else ""
        name = (row.get(columns["name"]) or "").strip() if columns["name"] else ""
        if not email and not name:
            continue
        department = (row.get(columns["department"]) or "").strip() or UNASSIGNED
        team = (row.get(columns["team"]) or "").strip() if columns["team"] else ""
        people.append(Person(email, name, department, team or department))
    if not people:
        raise DirectoryError(f"annuaire {path} : aucune personne")
    return Directory(people)
