"""Listings (heads, branches, history, current) parsed into entries, so that
Alembic's and retort's outputs compare by content and order, not by layout.

An entry is the revision id, its parents and dependencies when the listing
shows them, its branch labels, and its markers: (head), (effective head),
(branchpoint), (mergepoint), (current). Labels and markers are sets (their
order on a line is layout); the order of entries, of parents and of
dependencies is content.
"""

import re

from runners import MESSAGE

MARKERS = {"head", "effective head", "branchpoint", "mergepoint", "current"}


class Entry:
    def __init__(self, rev_id, parents=None, deps=None, labels=(), markers=(),
                 children=None):
        self.id = rev_id
        self.parents = parents        # tuple, or None when not shown
        self.deps = deps              # tuple, or None when not shown
        self.labels = frozenset(labels)
        self.markers = frozenset(markers)
        self.children = children      # branches: the revisions it branches into

    def key(self, drop_labels=frozenset()):
        labels = sorted(l for l in self.labels if (self.id, l) not in drop_labels)
        children = None
        if self.children is not None:
            children = tuple(sorted(c.key(drop_labels) for c in self.children))
        return (self.id, self.parents, self.deps, tuple(labels), tuple(sorted(self.markers)),
                children)

    def text(self, drop_labels=frozenset()):
        out = ""
        if self.parents is not None:
            out = ", ".join(self.parents) or "<base>"
            if self.deps:
                out += " (%s)" % ", ".join(self.deps)
            out += " -> "
        out += self.id
        labels = sorted(l for l in self.labels if (self.id, l) not in drop_labels)
        if labels:
            out += " (%s)" % ", ".join(labels)
        for marker in sorted(self.markers):
            out += " (%s)" % marker
        if self.children is not None:
            out += " => {%s}" % "; ".join(sorted(c.text(drop_labels) for c in self.children))
        return out


def _strip_message(line):
    line = line.rstrip()
    if line.endswith(", " + MESSAGE):
        line = line[: -len(MESSAGE) - 2]
    return line


def _split_ids(text):
    text = text.strip()
    if text in ("", "<base>", "base"):
        return ()
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _groups(text):
    """'id (a, b) (head)' -> ('id', ['a, b', 'head'])"""
    match = re.match(r"^(\S+)(.*)$", text.strip())
    rev_id, rest = match.group(1), match.group(2)
    return rev_id, re.findall(r"\(([^()]*)\)", rest)


def _labels_and_markers(groups):
    labels, markers = set(), set()
    for group in groups:
        if group in MARKERS:
            markers.add(group)
        else:
            labels.update(part.strip() for part in group.split(",") if part.strip())
    return labels, markers


def parse_line(line):
    """One line of heads/current/history/branches, in either tool's layout."""
    line = _strip_message(line.strip())
    parents = deps = None
    if " -> " in line:
        left, right = line.split(" -> ", 1)
        deps = ()
        dep_match = re.match(r"^(.*?) \(([^()]*)\)$", left)
        if dep_match:
            left, deps = dep_match.group(1), _split_ids(dep_match.group(2))
        parents = _split_ids(left)
    else:
        right = line
    rev_id, groups = _groups(right)
    labels, markers = _labels_and_markers(groups)
    return Entry(rev_id, parents, deps, labels, markers)


def parse_verbose(text):
    """'Rev: ...' blocks (heads -v, history -v, branches -v)."""
    entries = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("Rev: "):
            rev_id, groups = _groups(line[5:])
            labels, markers = _labels_and_markers(groups)
            current = {"id": rev_id, "labels": labels, "markers": markers,
                       "parents": (), "deps": (), "into": None}
            entries.append(current)
        elif current is None:
            continue
        elif line.startswith("Parent: ") or line.startswith("Merges: "):
            current["parents"] = _split_ids(line.split(": ", 1)[1])
        elif line.startswith("Also depends on: "):
            current["deps"] = _split_ids(line.split(": ", 1)[1])
        elif line.startswith("Branches into: "):
            current["into"] = tuple(sorted(_split_ids(line.split(": ", 1)[1])))
        elif line.startswith("Branch names: "):
            current["labels"].update(_split_ids(line.split(": ", 1)[1]))
        elif line.startswith("->"):
            child = parse_line(line[2:])
            current.setdefault("children", []).append(child)
    out = []
    for e in entries:
        entry = Entry(e["id"], e["parents"], e["deps"], e["labels"], e["markers"],
                      e.get("children"))
        entry.into = e["into"]
        out.append(entry)
    return out


def parse_branches(text):
    """branches (not verbose): a branch point line, then '-> child' lines."""
    entries = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("->"):
            if entries:
                entries[-1].children.append(parse_line(line[2:]))
        else:
            entry = parse_line(line)
            entry.children = []
            entries.append(entry)
    return entries


def parse_listing(argv, text):
    """The entries of a listing command's output."""
    name = argv[0]
    verbose = "-v" in argv
    if verbose:
        entries = parse_verbose(text)
        if name == "branches":
            for entry in entries:
                entry.children = entry.children or []
        return entries
    if name == "branches":
        return parse_branches(text)
    entries = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("(base") or line.startswith("Current revision"):
            continue
        entries.append(parse_line(line))
    return entries


def entry_key(entry, drop_labels):
    key = entry.key(drop_labels)
    into = getattr(entry, "into", None)
    return key + (into,)
