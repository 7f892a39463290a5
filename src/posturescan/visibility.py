"""The one rule that decides which slices of a profile HR may see (statistical disclosure control).

Every table HR reads (report, profile.json, CSV, XLSX, comparison) is built from the groupings decided here,
so a slice is visible or hidden the same way everywhere. The rule, on the distinct identified authors of a
slice (pseudonyms; unsigned text has none):

- a slice is shown when it has at least ``minimum`` authors, or none at all (unsigned notes designate nobody:
  « non attribué » made of such notes is shown and never forces a visible group into « autres »);
- in a table whose total is shown, the hidden slices are merged into « autres »; while « autres » has fewer
  than ``minimum`` authors, the smallest visible slice joins it. So total − visible slices is always empty or
  a group of at least ``minimum`` authors: no hidden slice can be recovered by a difference;
- nested tables (teams of a department) repeat the rule inside each visible parent (« Service / autres »);
  the teams of departments merged into « autres » are one « autres » line, equal to the department's;
- crossed tables (service × période) use the rows and columns of the two tables above, mask the cells below
  the threshold, then mask more cells until no row or column total, minus its shown cells (and minus the cells
  other lines recover exactly), leaves a group of fewer than ``minimum`` authors (complementary suppression);
  when only the margins themselves reveal a small group, the service or period line is masked in its table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

OTHERS = "autres"


def shown(persons: set, minimum: int) -> bool:
    """A slice may carry figures: no identified author at all, or at least ``minimum``."""
    return not persons or len(persons) >= minimum


@dataclass
class Grouping:
    """How the base slices of one table are shown: ``groups`` maps each shown line to the base slices merged
    into it; ``masked`` lists the shown lines that carry no figure."""

    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    masked: set[str] = field(default_factory=set)
    merged: int = 0  # base slices merged into an « autres » line

    def line_of(self) -> dict[str, str]:
        return {member: line for line, members in self.groups.items() for member in members}


def union(persons: Mapping[str, set], names) -> set:
    out: set = set()
    for name in names:
        out |= persons[name]
    return out


def partition(persons: Mapping[str, set], minimum: int, *, others: str = OTHERS) -> Grouping:
    """One flat table whose total is shown: visible slices by name, the rest in ``others``."""
    visible = {name for name, who in persons.items() if shown(who, minimum)}
    pool = sorted(set(persons) - visible)
    if pool:
        while len(union(persons, pool)) < minimum:
            candidates = [n for n in visible if persons[n]]  # an author-less slice adds nobody
            if not candidates:
                break
            smallest = min(candidates, key=lambda n: (len(persons[n]), n))
            visible.discard(smallest)
            pool.append(smallest)
    grouping = Grouping(groups={name: (name,) for name in sorted(visible)})
    if pool:
        grouping.groups[others] = tuple(sorted(pool))
        grouping.merged = len(pool)
        if not shown(union(persons, pool), minimum):
            grouping.masked.add(others)
    return grouping


def nested(parents: Grouping, persons: Mapping[str, set], parent_of: Callable[[str], str], minimum: int,
           *, separator: str = " / ") -> Grouping:
    """Children of each parent line (teams of departments), so that a parent minus its visible children never
    reveals a hidden child, and children of merged parents never reveal the parent."""
    line = parents.line_of()
    result = Grouping()
    by_parent: dict[str, list[str]] = {}
    for child in persons:
        by_parent.setdefault(line[parent_of(child)], []).append(child)
    for parent, children in sorted(by_parent.items()):
        members = parents.groups[parent]
        if parent in parents.masked or len(members) > 1 or members != (parent,):
            # a merged or masked parent: its children are one line, the same as the parent's
            result.groups[parent] = tuple(sorted(children))
            result.merged += len(children)
            if parent in parents.masked or not shown(union(persons, children), minimum):
                result.masked.add(parent)
            continue
        inner = partition({c: persons[c] for c in children}, minimum, others=f"{parent}{separator}{OTHERS}")
        result.groups.update(inner.groups)
        result.masked |= inner.masked
        result.merged += inner.merged
    return result


def crossed(rows: Grouping, columns: Grouping, persons: Mapping[tuple[str, str], set],
            minimum: int) -> tuple[dict[tuple[str, str], tuple], set]:
    """Cells of rows × columns (each the union of base cells), and the set of masked cells. When no cell
    can be masked to stop a row or column total from revealing a small group (the margins alone do it: a
    department present in one period only), that row or column is masked in its own table too, which
    ``rows`` / ``columns`` record (complementary suppression across dimensions)."""
    while True:
        members, masked, exposed = _crossed_once(rows, columns, persons, minimum)
        if exposed is None:
            return members, masked
        (rows if exposed[0] == 0 else columns).masked.add(exposed[1])


def _crossed_once(rows: Grouping, columns: Grouping, persons: Mapping[tuple[str, str], set], minimum: int):
    row_of, column_of = rows.line_of(), columns.line_of()
    members: dict[tuple[str, str], list] = {}
    for (r, c) in persons:
        members.setdefault((row_of[r], column_of[c]), []).append((r, c))
    cells = {key: union(persons, found) for key, found in members.items()}
    masked = {key for key, who in cells.items()
              if not shown(who, minimum) or key[0] in rows.masked or key[1] in columns.masked}
    lines: dict[tuple[int, str], list] = {}
    for key in cells:
        if key[0] not in rows.masked:
            lines.setdefault((0, key[0]), []).append(key)
        if key[1] not in columns.masked:
            lines.setdefault((1, key[1]), []).append(key)
    while True:
        line = exposed_line(lines, cells, masked, minimum)
        if line is None:
            break
        candidates = [k for k in lines[line] if k not in masked and cells[k]]
        if not candidates:  # the line's own cells are all masked: cut the lines that recover them (an
            # author-less cell counts too: masking it leaves that line two unknowns)
            candidates = [k for cell in lines[line] for k in lines.get((1 - line[0], cell[1 - line[0]]), ())
                          if k not in masked]
        if not candidates:
            return members, masked, line
        masked.add(min(candidates, key=lambda k: (len(cells[k]), k)))
    return {key: tuple(sorted(found)) for key, found in sorted(members.items())}, masked, None


def exposed_line(lines: dict, cells: dict, masked: set, minimum: int):
    """A line (row or column with a published total) that reveals a group below the threshold: its masked
    cells not yet recovered sum to a small group. A line with one unknown cell recovers it exactly, and
    that cell is then known in the crossing lines too (repeated until nothing changes)."""
    known = {key for key in cells if key not in masked}
    progress = True
    while progress:
        progress = False
        for line, keys in sorted(lines.items()):
            unknown = [k for k in keys if k not in known]
            if not unknown:
                continue
            if not shown(union(cells, unknown), minimum):
                return line
            if len(unknown) == 1:
                known.add(unknown[0])
                progress = True
    return None
