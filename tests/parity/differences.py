"""DELIBERATE DIFFERENCES between retort and Alembic 1.8.1.

This list is the one place where the parity suite allows retort to differ
from Alembic, and docs/commands.md ("Differences from Alembic") cites it.
Each entry is kept only where retort is stricter or safer, and says:

- applies(ctx): whether a step is covered: the command and the outcome on
  Alembic's side (never retort's, so that a retort that stops differing is
  caught);
- holds(ctx): whether retort did what the entry documents. A covered step
  where retort behaves as documented is reported as an expected difference;
  a covered step where it does not (also: where it now does what Alembic
  does) is a mismatch, so the list stays true.

ctx has: graph (graphs.Graph), labels (revision id -> labels Alembic gives
it), argv (the command), rows_before / tables_before (the start state),
alembic and retort (runners.Result).
"""

import re

KEYWORDS = {"head", "heads", "base", "current", ""}


def _target(ctx):
    return ctx.argv[1] if len(ctx.argv) > 1 else ""


def _applied(tables):
    return {t[2:] for t in tables}


def _removed(ctx, result):
    return _applied(ctx.tables_before) - _applied(result.tables)


def _removed_exactly(ctx, expected, what):
    """holds() for an entry whose retort removes exactly `expected`."""
    if not ctx.retort.ok:
        return False, "retort refused"
    removed = _removed(ctx, ctx.retort)
    if removed != expected:
        return False, "retort removed %s; %s is %s" % (sorted(removed), what, sorted(expected))
    return True, ""


def _unchanged(ctx, result):
    return result.rows == ctx.rows_before and result.tables == ctx.tables_before


# --- 1. revision prefixes need 4 characters ---------------------------------

def _references(target):
    """The revision references inside a target: 'x@y+2' -> ['x', 'y']."""
    target = re.sub(r"[+-]\d+$", "", target)
    return [part for part in target.split("@")]


def _short_prefix(ctx):
    graph = ctx.graph
    names = set(graph.revs) | set(graph.label_owner)
    for arg in ctx.argv[1:]:
        if arg.startswith("-") and not re.match(r"^-\d+$", arg):
            continue  # an option
        for ref in _references(arg):
            if ref in KEYWORDS or ref in names or len(ref) >= 4:
                continue
            if any(rev_id.startswith(ref) for rev_id in graph.revs):
                return True
    return False


def short_prefix_applies(ctx):
    return ctx.argv[0] in ("upgrade", "downgrade", "stamp") and ctx.alembic.ok \
        and _short_prefix(ctx)


def short_prefix_holds(ctx):
    if ctx.retort.ok:
        return False, "retort accepted a prefix shorter than 4 characters"
    if not _unchanged(ctx, ctx.retort):
        return False, "retort refused but changed the database"
    return True, ""


# --- 2. -N from a merge point unmerges ----------------------------------------

def _walk_down(ctx):
    """For 'downgrade -N' (or '<branch>@-N') from one current revision (on
    that branch): the revision N-1 steps down, single parents all the way;
    else None."""
    match = re.match(r"^(?:(.+)@)?-(\d+)$", _target(ctx))
    if ctx.argv[0] != "downgrade" or not match:
        return None
    branch, steps = match.group(1), int(match.group(2))
    graph = ctx.graph
    rows = sorted(ctx.rows_before)
    if branch is not None:
        named = graph.label_owner.get(branch, branch)
        if named not in graph.revs:
            return None
        lineage = graph.ancestors([named], deps=False) | graph.descendants([named], deps=False)
        on_branch = [r for r in rows if r in lineage]
        if not on_branch:
            # No row on the branch: count from the branch's newest applied
            # revision (Alembic too looks at everything current then).
            applied = _applied(ctx.tables_before)
            on_branch = sorted(r for r in applied & lineage
                               if not any(c in applied for c in graph.children[r]))
        rows = on_branch
    if len(rows) != 1:
        return None
    node = rows[0]
    for _ in range(steps - 1):
        down = graph.revs[node].down
        if len(down) != 1:
            return None
        node = down[0]
    return node


def _walk_to_merge(ctx):
    """The revision _walk_down reaches when it is a merge point; else None."""
    node = _walk_down(ctx)
    return node if node is not None and len(ctx.graph.revs[node].down) > 1 else None


def unmerge_applies(ctx):
    return (not ctx.alembic.ok and "Ambiguous walk" in ctx.alembic.error
            and _walk_to_merge(ctx) is not None)


def unmerge_holds(ctx):
    merge = _walk_to_merge(ctx)
    expected = _applied(ctx.tables_before) & ctx.graph.descendants([merge])
    return _removed_exactly(ctx, expected, "the merge point %s and what is above it" % merge)


# --- 2b. -N removes N revisions, not the siblings of the N-th --------------------

def _last_n(ctx):
    """What retort's -N removes: the revision N-1 steps down with what is
    applied above it; None when that revision is a merge point (entry 2)."""
    node = _walk_down(ctx)
    if node is None or len(ctx.graph.revs[node].down) > 1:
        return None
    return _applied(ctx.tables_before) & ctx.graph.descendants([node])


def last_n_applies(ctx):
    if not ctx.alembic.ok:
        return False
    expected = _last_n(ctx)
    return expected is not None and _removed(ctx, ctx.alembic) > expected


def last_n_holds(ctx):
    return _removed_exactly(ctx, _last_n(ctx), "the last revisions")


# --- 3. downgrade -N with several current revisions ---------------------------

def ambiguous_minus_applies(ctx):
    return (ctx.argv[0] == "downgrade" and re.match(r"^-\d+$", _target(ctx))
            and len(ctx.rows_before) > 1 and ctx.alembic.ok)


def ambiguous_minus_holds(ctx):
    if ctx.retort.ok:
        return False, "retort picked one of several current revisions"
    if not _unchanged(ctx, ctx.retort):
        return False, "retort refused but changed the database"
    return True, ""


# --- 4. downgrade label@base removes that branch only --------------------------

def _branch_removal(ctx):
    """What 'downgrade <label>@base' removes in retort: the applied
    revisions from the label's first revisions up (with what depends on
    them). The branch is where Alembic puts the label."""
    match = re.match(r"^(\w+)@base$", _target(ctx))
    if not match or match.group(1) not in ctx.graph.label_owner:
        return None
    label = match.group(1)
    members = {r for r, labels in ctx.labels.items() if label in labels}
    starts = [r for r in members
              if not any(p in members for p in ctx.graph.revs[r].down)]
    return _applied(ctx.tables_before) & ctx.graph.descendants(starts)


def label_base_applies(ctx):
    if ctx.argv[0] != "downgrade" or not ctx.alembic.ok:
        return False
    branch = _branch_removal(ctx)
    return branch is not None and _removed(ctx, ctx.alembic) != branch


def label_base_holds(ctx):
    return _removed_exactly(ctx, _branch_removal(ctx), "the branch")


# --- 5. history up to current on an empty database ---------------------------------

def empty_current_applies(ctx):
    return (ctx.argv[0] == "history" and len(ctx.argv) > 2 and ctx.argv[2].endswith(":current")
            and not ctx.rows_before and ctx.alembic.ok and ctx.alembic.output.strip() != "")


def empty_current_holds(ctx):
    if not ctx.retort.ok:
        return False, "retort refused"
    if ctx.retort.output.strip():
        return False, "retort listed revisions up to a current revision that is base"
    return True, ""


class Difference:
    def __init__(self, key, title, reason, applies, holds):
        self.key, self.title, self.reason = key, title, reason
        self.applies, self.holds = applies, holds


DIFFERENCES = [
    Difference(
        "prefix-4",
        "revision prefixes need at least 4 characters",
        "Alembic resolves any unique prefix, even one character, so a typo or a "
        "short abbreviation silently picks a revision, and one more revision "
        "later makes the same command fail or go elsewhere; retort refuses "
        "prefixes shorter than 4 characters.",
        short_prefix_applies, short_prefix_holds),
    Difference(
        "unmerge-minus-n",
        "downgrade -N (and <branch>@-N) unmerges when the N-th revision down is a merge point",
        "Alembic fails with 'Ambiguous walk' at a merge point, so undoing the "
        "last merge needs its id; retort's -N removes the last N revisions (of "
        "the branch, with <branch>@-N), the N-th one with everything applied "
        "above it, and only the steps between them need a single parent.",
        unmerge_applies, unmerge_holds),
    Difference(
        "last-n-only",
        "downgrade -N (and <branch>@-N) removes the last N revisions, not their siblings",
        "Alembic goes down to the revision below the N-th and removes everything "
        "applied above that: at a base, every other base's branch too; at a branch "
        "point, the sibling branches on the named branch's lineage. retort removes "
        "the N-th revision down and what is applied above it, as the count promises.",
        last_n_applies, last_n_holds),
    Difference(
        "ambiguous-minus-n",
        "downgrade -N with several current revisions is refused",
        "Alembic warns and counts from the first version row, which is whatever "
        "order the database returns, so it may undo a revision of another branch; "
        "retort asks for <label>@-N or an id.",
        ambiguous_minus_applies, ambiguous_minus_holds),
    Difference(
        "label-base-branch-only",
        "downgrade <label>@base removes only that branch",
        "Alembic downgrades from the label's base revision, which on a shared "
        "trunk is everybody's base, so it removes every branch built on that "
        "trunk; retort removes the revisions that carry the label (and what "
        "depends on them).",
        label_base_applies, label_base_holds),
    Difference(
        "history-current-at-base",
        "history -r <start>:current on a database at base lists nothing",
        "Alembic reads an empty current revision as no end at all and lists the "
        "whole history up to the heads, as if it were applied; retort lists the "
        "revisions up to current, which at base are none.",
        empty_current_applies, empty_current_holds),
]


def covering(ctx):
    """The deliberate difference that covers a step, or None."""
    for difference in DIFFERENCES:
        if difference.applies(ctx):
            return difference
    return None
