"""Which commands run on a graph, and from which start states.

A start state is reached by the same commands on both sides (upgrades from
an empty database). The catalogue holds every command of the target grammar
the graph supports: ids, prefixes, head/heads/base, labels and their forms,
<id>@<id>, relative steps, several revisions and --purge for stamp, history
ranges. Core targets (head, heads, base, +N, -N, label@head, ...) and the
listings that read the database run from every start state; each other
target runs from `spread` start states, preferring states where it means
something (a downgrade to an applied revision, an upgrade to one that is
not). Listings that do not read the database run once per graph. --full
runs everything from every state.
"""

import random


class State:
    def __init__(self, name, setup, applied):
        self.name = name
        self.setup = setup      # [argv], run from an empty database
        self.applied = applied  # what the model says is applied (to pick targets)


class Plan:
    def __init__(self):
        self.states = []
        self.readonly = []      # [argv], run once per graph
        self.per_state = {}     # state name -> [argv]


LIMITS = {
    # singles/pairs: start states from one revision / from two;
    # spread: start states per non-core target; relative: ids used with
    # +N/-N; ranges: history ranges between two revisions
    # thin: run one non-core target in this many
    "quick": dict(singles=1, pairs=0, spread=1, relative=1, ranges=2, thin=4),
    "normal": dict(singles=3, pairs=1, spread=1, relative=2, ranges=5, thin=1),
    "full": dict(singles=10 ** 6, pairs=6, spread=10 ** 6, relative=10 ** 6, ranges=10 ** 6,
                 thin=1),
}


def _unrelated(graph, a, b):
    return a not in graph.ancestors([b]) and b not in graph.ancestors([a])


def _prefixes(graph):
    """4-character prefixes that pick one id, 4-character prefixes several
    ids share, and 1-3 character prefixes."""
    names = graph.ids + sorted(graph.label_owner)
    unique, shared, short = set(), set(), set()
    for rev_id in graph.ids:
        if len(rev_id) <= 4:
            continue
        p4 = rev_id[:4]
        (unique if sum(n.startswith(p4) for n in names) == 1 else shared).add(p4)
        if rev_id[:3] not in names:
            short.add(rev_id[:3])
        if rev_id[:1] not in names:
            short.add(rev_id[:1])
    return sorted(unique), sorted(shared), sorted(short)


def _choose(items, count, rng):
    items = list(items)
    if len(items) <= count:
        return items
    return sorted(rng.sample(items, count))


def build(graph, labels, budget="normal"):
    """labels: revision id -> the labels Alembic gives it."""
    limits = LIMITS[budget]
    rng = random.Random(graph.name)
    plan = Plan()
    ids = graph.ids
    heads = graph.heads()
    all_labels = sorted(graph.label_owner)
    members = {label: sorted(r for r, ls in labels.items() if label in ls)
               for label in all_labels}
    unique4, shared4, short = _prefixes(graph)

    # --- start states: empty, every head, single revisions (merge and
    # branch points and revisions with dependencies first), two unrelated ones
    plan.states.append(State("base", [], set()))
    plan.states.append(State("heads", [["upgrade", "heads"]], set(ids)))
    singles = []
    for rev_id in (graph.merge_points() + graph.branch_points() +
                   [r for r in ids if graph.revs[r].deps] + heads + ids):
        if rev_id not in singles:
            singles.append(rev_id)
    first = min(2, limits["singles"])
    singles = singles[:first] + _choose(singles[first:], limits["singles"] - first, rng)
    for rev_id in singles:
        plan.states.append(State("at " + rev_id, [["upgrade", rev_id]],
                                 graph.ancestors([rev_id])))
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if _unrelated(graph, a, b)]
    for a, b in _choose(pairs, limits["pairs"], rng):
        plan.states.append(State("at %s + %s" % (a, b), [["upgrade", a], ["upgrade", b]],
                                 graph.ancestors([a, b])))

    # --- listings that do not read the database
    plan.readonly += [["heads"], ["heads", "-v"], ["heads", "--resolve-dependencies"],
                      ["branches"], ["branches", "-v"], ["history"], ["history", "-v"]]
    ancestor_pairs = [(a, b) for a in ids for b in ids if a != b and a in graph.ancestors([b])]
    other_pairs = [(a, b) for a in ids for b in ids if a != b and a not in graph.ancestors([b])]
    n = limits["ranges"]
    ranges = ["%s:%s" % p for p in _choose(ancestor_pairs, n - n // 3, rng) +
              _choose(other_pairs, n // 3, rng)]
    for rev_id in _choose(ids, max(1, n // 3), rng):
        ranges += ["%s:" % rev_id, ":%s" % rev_id]
    ranges += ["base:heads", ":heads", "base:", "%s:heads" % ids[0]]
    for label in all_labels:
        ranges += ["%s@base:%s@head" % (label, label), ":%s@head" % label]
    plan.readonly += [["history", "-r", r] for r in ranges]

    # --- core: from every start state
    core = [["current"], ["history", "-i"]]
    for command, targets in (("upgrade", ("head", "heads", "+1")), ("downgrade", ("base", "-1"))):
        core += [[command, t] for t in targets]
    core += [["stamp", "base"]]
    for label in all_labels:
        core += [["upgrade", label + "@+1"], ["downgrade", label + "@-1"],
                 ["downgrade", label + "@base"]]

    # --- the rest of the grammar, each with the revisions it names
    spread = []  # (argv, revisions it names)

    def add(command, target, names=()):
        spread.append(([command] + (target if isinstance(target, list) else [target]),
                       set(names)))

    relative_ids = _choose(ids, limits["relative"], rng)
    for argv in (["history", "-r", "current:"], ["history", "-r", ":current"],
                 ["upgrade", "base"], ["downgrade", "head"], ["downgrade", "heads"],
                 ["downgrade", "+1"], ["stamp", "heads"]):
        spread.append((argv, set()))
    for label in all_labels:
        for argv in (["upgrade", label + "@head"], ["stamp", label + "@base"]):
            spread.append((argv, set(members[label])))
    for command in ("upgrade", "downgrade"):
        for rev_id in ids:
            add(command, rev_id, [rev_id])
        for rev_id in relative_ids:
            add(command, rev_id + "+1", [rev_id])
            add(command, rev_id + "-1", [rev_id])
        for rev_id in _choose(relative_ids, 2, rng):
            add(command, rev_id + "+2", [rev_id])
            add(command, rev_id + "-2", [rev_id])
        for target in ("+2", "-2", "-3", "+3", "base+1", "base+2", "head-1", "heads-1",
                       "current"):
            add(command, target)
        for prefix in unique4 + _choose(shared4, 2, rng) + _choose(short, 2, rng):
            add(command, prefix, [r for r in ids if r.startswith(prefix)])
        for label in all_labels:
            on = members[label]
            off = [r for r in ids if r not in on]
            add(command, label, [graph.label_owner[label]])
            for form in ("@heads", "@base+1", "@base+2", "@head-1", "@+2", "@-2"):
                add(command, label + form, on)
            if command == "upgrade":
                add(command, label + "@base", on)
                add(command, label + "@-1", on)
            else:
                add(command, label + "@head", on)
                add(command, label + "@+1", on)
            # on the branch, on its trunk (below it, without the label), elsewhere
            trunk = sorted(graph.ancestors([graph.label_owner[label]], deps=False) - set(on))
            others = [r for r in off if r not in trunk]
            for rev_id in (_choose(on, 2, rng) + _choose(trunk, 1, rng) +
                           _choose(others, 1, rng)):
                add(command, "%s@%s" % (label, rev_id), [rev_id])
        # a revision id used as the branch name
        for head in heads:
            trunk = sorted(graph.ancestors([head], deps=False, inclusive=False))
            for rev_id in _choose(trunk, 1, rng):
                add(command, "%s@%s" % (head, rev_id), [rev_id])
            add(command, "%s@head" % head, [head])
            add(command, "%s@-1" % head, [head])
    for rev_id in ids:
        add("stamp", rev_id, [rev_id])
    for prefix in _choose(unique4, 1, rng) + _choose(short, 1, rng):
        add("stamp", prefix)
    add("stamp", "head")
    for label in all_labels:
        add("stamp", label, [graph.label_owner[label]])
        add("stamp", label + "@head", members[label])
        add("stamp", label + "@+1", members[label])
    for a, b in _choose(pairs, 3, rng):
        add("stamp", [a, b], [a, b])
    if len(heads) > 1:
        add("stamp", heads[:2])
    for a, b in _choose(ancestor_pairs, 1, rng):
        add("stamp", [a, b], [a, b])
    add("stamp", ["--purge", "heads"])
    add("stamp", ["--purge", ids[0]], [ids[0]])
    add("stamp", ["base", heads[0]], [heads[0]])

    # --- spread over the start states
    per_state = {state.name: list(core) for state in plan.states}
    spread = spread[::limits["thin"]]
    for index, (argv, names) in enumerate(spread):
        def relevance(position):
            state = plan.states[position]
            if not names:
                return 0
            applied = bool(names & state.applied)
            wanted = applied if argv[0] == "downgrade" else not names <= state.applied
            return 0 if wanted else 1
        order = sorted(range(len(plan.states)),
                       key=lambda p: (relevance(p), (p - index) % len(plan.states)))
        for position in order[:limits["spread"]]:
            per_state[plan.states[position].name].append(argv)
    plan.per_state = per_state
    return plan
