"""Revision graphs for the parity suite: the shapes of Alembic's traversal
tests, a few more that exercise labels and cross-branch dependencies, and a
seeded generator of larger mixed graphs.

A graph is a list of revisions, each with an id, its down revisions (in the
order the file lists them), the branch labels it declares and what it
depends_on. Both projects are written from the same Graph object.
"""

import hashlib
import random
import re


class Rev:
    def __init__(self, rev_id, down=(), labels=(), deps=()):
        self.id = rev_id
        self.down = tuple(down)
        self.labels = tuple(labels)
        self.deps = tuple(deps)  # revision ids or branch labels, as written


class Graph:
    def __init__(self, name, origin, revs):
        self.name = name
        self.origin = origin  # where the shape comes from, for the report
        self.revs = {rev.id: rev for rev in revs}
        self.label_owner = {}
        for rev in revs:
            for label in rev.labels:
                self.label_owner[label] = rev.id
        self.children = {rev_id: [] for rev_id in self.revs}
        for rev in revs:
            for parent in rev.down:
                self.children[parent].append(rev.id)
        self.dependents = {rev_id: [] for rev_id in self.revs}
        for rev in revs:
            for dep in rev.deps:
                self.dependents[self.resolve_name(dep)].append(rev.id)

    @property
    def ids(self):
        return sorted(self.revs)

    def resolve_name(self, name):
        return self.label_owner.get(name, name)

    def parents(self, rev_id, deps=True):
        rev = self.revs[rev_id]
        out = list(rev.down)
        if deps:
            out += [self.resolve_name(d) for d in rev.deps]
        return out

    def ancestors(self, ids, deps=True, inclusive=True):
        seen = set()
        todo = list(ids)
        while todo:
            rev_id = todo.pop()
            if rev_id in seen:
                continue
            seen.add(rev_id)
            todo.extend(self.parents(rev_id, deps))
        if not inclusive:
            seen.difference_update(ids)
        return seen

    def descendants(self, ids, deps=True, inclusive=True):
        seen = set()
        todo = list(ids)
        while todo:
            rev_id = todo.pop()
            if rev_id in seen:
                continue
            seen.add(rev_id)
            todo.extend(self.children[rev_id])
            if deps:
                todo.extend(self.dependents[rev_id])
        if not inclusive:
            seen.difference_update(ids)
        return seen

    def heads(self):
        return [r for r in self.ids if not self.children[r]]

    def bases(self):
        return [r for r in self.ids if not self.revs[r].down]

    def merge_points(self):
        return [r for r in self.ids if len(self.revs[r].down) > 1]

    def branch_points(self):
        return [r for r in self.ids if len(self.children[r]) > 1]


# --- hand-written shapes ---------------------------------------------------

_SPEC = re.compile(
    r"^(?P<name>\w+)"
    r"(?:\s*<-\s*(?P<down>[\w,\s]+?))?"
    r"(?:\s*\[(?P<labels>[\w,\s]+)\])?"
    r"(?:\s*depends\s+(?P<deps>[\w,\s]+))?\s*$"
)


def _split(text):
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def make_id(graph_name, name):
    """A readable id of 4+ characters with a unique 4-character prefix:
    the shape's name for the revision, '_', and 4 hex digits."""
    digest = hashlib.sha1(("%s/%s" % (graph_name, name)).encode()).hexdigest()
    return "%s_%s" % (name, digest[:4])


def shape(graph_name, origin, *specs):
    """specs: 'c2 <- b2 [c2branch] depends c1' style lines. Names in down and
    depends are revision names of this shape, or labels declared here."""
    parsed = []
    for spec in specs:
        match = _SPEC.match(spec)
        if not match:
            raise ValueError("bad spec %r" % spec)
        parsed.append(match.groupdict())
    ids = {p["name"]: make_id(graph_name, p["name"]) for p in parsed}
    labels = {label for p in parsed for label in _split(p["labels"])}
    revs = []
    for p in parsed:
        deps = [d if d in labels else ids[d] for d in _split(p["deps"])]
        revs.append(Rev(ids[p["name"]], [ids[d] for d in _split(p["down"])],
                        _split(p["labels"]), deps))
    return Graph(graph_name, origin, revs)


VT = "Alembic tests/test_version_traversal.py"


def hand_graphs():
    return [
        shape("chain", VT + " RevisionPathTest",
              "a", "b <- a", "c <- b", "d <- c", "e <- d"),
        shape("branched", VT + " BranchedPathTest",
              "a", "b <- a", "c1 <- b [c1branch]", "d1 <- c1",
              "c2 <- b [c2branch]", "d2 <- c2"),
        shape("branch_from_mergepoint", VT + " BranchFromMergepointTest",
              "a1", "b1 <- a1", "c1 <- b1", "a2", "b2 <- a2", "c2 <- b2",
              "d1 <- c1, c2", "d2 <- c2"),
        shape("branch_from_3way_mergepoint", VT + " BranchFrom3WayMergepointTest",
              "a1", "b1 <- a1", "c1 <- b1", "a2", "b2 <- a2", "c2 <- b2",
              "a3", "b3 <- a3", "c3 <- b3", "d1 <- c1, c2, c3", "d2 <- c2",
              "d3 <- c3"),
        shape("twin_merge", VT + " TwinMergeTest",
              "a", "b1 <- a", "b2 <- a", "b3 <- a", "c1 <- b1, b2, b3",
              "c2 <- b1, b2, b3", "d1 <- c1", "d2 <- c2"),
        shape("not_quite_twin_merge", VT + " NotQuiteTwinMergeTest",
              "a", "b1 <- a", "b2 <- a", "b3 <- a", "c1 <- b1, b2",
              "c2 <- b2, b3", "d1 <- c1", "d2 <- c2"),
        shape("depends_on_branch_one", VT + " DependsOnBranchTestOne",
              "a1 [lib1]", "b1 <- a1", "c1 <- b1", "a2", "b2 <- a2",
              "c2 <- b2 depends c1", "d1 <- c1", "e1 <- d1", "f1 <- e1"),
        shape("depends_on_branch_two", VT + " DependsOnBranchTestTwo",
              "a1", "a2", "a3", "amerge <- a1, a2, a3", "b1", "b2",
              "bmerge <- b1, b2", "c1", "c2", "c3", "cmerge <- c1, c2, c3",
              "d1 depends a3, b2, c1"),
        shape("depends_on_branch_three", VT + " DependsOnBranchTestThree",
              "a1", "a2 <- a1", "b1", "b2 <- b1 depends a2", "b3 <- b2",
              "a3 <- a2 depends b1"),
        shape("depends_on_own_downrev", VT + " DependsOnOwnDownrevTest",
              "a1", "a2 <- a1 depends a1"),
        shape("depends_on_branch_four", VT + " DependsOnBranchTestFour",
              "a1", "a2 <- a1", "a3 <- a2", "b1", "b2 <- b1 depends a3",
              "b3 <- b2", "b4 <- b3 depends a3"),
        shape("depends_on_branch_five", VT + " DependsOnBranchTestFive",
              "a1", "b1 depends a1", "bmerge <- a1, b1"),
        shape("depends_on_branch_label", VT + " DependsOnBranchLabelTest",
              "a1 [lib1]", "b1 <- a1", "c1 <- b1 [c1lib]", "a2", "b2 <- a2",
              "c2 <- b2 depends c1lib", "d1 <- c1", "e1 <- d1", "f1 <- e1"),
        shape("forest", VT + " ForestTest",
              "a1", "b1 <- a1", "a2", "b2 <- a2"),
        shape("merged_path", VT + " MergedPathTest",
              "a", "b <- a", "c1 <- b", "d1 <- c1", "c2 <- b [c2branch]",
              "d2 <- c2", "e <- d1, d2", "f <- e"),
        shape("branched_cross_dependencies", VT + " BranchedPathTestCrossDependencies",
              "a", "b <- a", "c1 <- b [c1branch]", "d1 <- c1",
              "c2 <- b [c2branch]", "d2 <- c2 depends c1"),
        shape("issue9_depends", "issue 9, defects 1-3",
              "a1 [lib1]", "b1 <- a1", "c1 <- b1", "d1 <- c1", "a2", "b2 <- a2",
              "c2 <- b2 depends c1"),
        shape("criss_cross", "two merges of the same two parents",
              "a", "b1 <- a", "b2 <- a", "m1 <- b1, b2", "m2 <- b1, b2",
              "x <- m1", "y <- m2"),
        shape("criss_cross_swapped", "two merges of the same parents, listed in both orders",
              "a", "b1 <- a", "b2 <- a", "m1 <- b1, b2", "m2 <- b2, b1",
              "n <- m1, m2"),
        shape("bases_merged", "several bases joined by a merge",
              "a1 [left]", "b1 <- a1", "a2 [right]", "b2 <- a2", "m <- b1, b2",
              "c <- m"),
        shape("labels_mid_branch", "labels on a base and after a branch point",
              "a [trunk]", "b <- a", "c <- b", "d <- c [feature]", "e <- d",
              "x <- b", "y <- x [hotfix]", "z <- y"),
        shape("label_on_chain_middle", "a label in the middle of an unbranched chain",
              "a", "b <- a", "c <- b [mid]", "d <- c", "e <- d"),
        shape("effective_head", "a head that another branch depends on",
              "a1", "b1 <- a1", "a2", "b2 <- a2 depends b1", "c1"),
        shape("depends_on_label", "depends_on names a branch label",
              "a1 [lib1]", "b1 <- a1", "c1 <- b1", "a2 [app]", "b2 <- a2 depends lib1",
              "c2 <- b2"),
        shape("three_way_branch", "one branch point, three labelled branches",
              "a", "b <- a", "c1 <- b [one]", "c2 <- b [two]", "c3 <- b [three]",
              "d3 <- c3", "m <- c1, c2"),
        shape("merge_then_branch", "a merge point that is also a branch point",
              "a", "b1 <- a", "b2 <- a", "m <- b1, b2", "c1 <- m [left]",
              "c2 <- m [right]", "d1 <- c1"),
        shape("dependency_on_branch_point", "a dependency on a revision that branches",
              "a1 [lib]", "b1 <- a1", "c1 <- b1", "c1x <- b1", "a2", "b2 <- a2 depends b1",
              "c2 <- b2"),
    ]


# --- generated graphs ------------------------------------------------------

def _hex_id(rng, taken):
    while True:
        rev_id = rng.choice("abcdef") + "".join(rng.choice("0123456789abcdef")
                                                for _ in range(11))
        if taken and rng.random() < 0.12:
            # share a 4-6 character prefix with an existing id
            other = rng.choice(sorted(taken))
            cut = rng.randint(4, 6)
            rev_id = other[:cut] + rev_id[cut:]
        if rev_id not in taken:
            return rev_id


def random_graph(seed, size):
    """A mixed graph: chains, branches, merges (also criss-cross), several
    bases, branch labels and at most one cross-branch depends_on per
    revision. Deterministic for a seed."""
    rng = random.Random(seed)
    revs = []
    by_id = {}
    children = {}
    label_count = 0

    def ancestors(rev_id):
        seen, todo = set(), [rev_id]
        while todo:
            r = todo.pop()
            if r in seen:
                continue
            seen.add(r)
            todo.extend(by_id[r].down)
            todo.extend(d for d in by_id[r].deps if d in by_id)
        return seen

    def add(down, deps=()):
        nonlocal label_count
        rev_id = _hex_id(rng, set(by_id))
        labels = []
        if rng.random() < 0.12:
            label_count += 1
            labels = ["lbl%d" % label_count]
        rev = Rev(rev_id, down, labels, deps)
        revs.append(rev)
        by_id[rev_id] = rev
        children[rev_id] = []
        for parent in down:
            children[parent].append(rev_id)
        return rev_id

    add(())
    while len(revs) < size:
        leaves = [r for r in by_id if not children[r]]
        roll = rng.random()
        if roll < 0.08:
            add(())
        elif roll < 0.24 and len(leaves) >= 2:
            pair = rng.sample(leaves, 2)
            if pair[0] in ancestors(pair[1]) or pair[1] in ancestors(pair[0]):
                continue
            add(pair)
            if rng.random() < 0.3 and len(revs) < size:
                add(list(reversed(pair)) if rng.random() < 0.5 else pair)  # criss-cross
        elif roll < 0.40:
            add((rng.choice(sorted(by_id)),))  # branch from anywhere
        else:
            parent = rng.choice(leaves)
            deps = ()
            if rng.random() < 0.15:
                candidates = sorted(set(by_id) - ancestors(parent))
                if candidates:
                    dep = rng.choice(candidates)
                    # sometimes through its label
                    if by_id[dep].labels and rng.random() < 0.4:
                        dep = by_id[dep].labels[0]
                    deps = (dep,)
            add((parent,), deps)
    return Graph("random_%d" % seed, "generated, seed %d, %d revisions" % (seed, size), revs)


def all_graphs(random_seeds=(1, 2, 3), random_size=18):
    graphs = hand_graphs()
    for seed in random_seeds:
        graphs.append(random_graph(seed, random_size))
    return graphs
