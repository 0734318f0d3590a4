"""Turning the text parts of a query into an FTS5 MATCH expression.

Every word or phrase the user typed goes into the expression as an FTS5
string in double quotes (inner quotes doubled), so no user text is ever read
as FTS5 syntax: ``Ok-ju`` becomes the phrase "ok ju", ``NEAR`` or ``*`` are
just words. FTS5 can express AND, OR and exclusion only as ``a NOT b``; a
subtree it cannot express (a bare NOT, a state or a range) gets None and is
run as SQL instead (see ``sql``). A word the vocabulary says is never in the
columns it is limited to is NOTHING (``prefixes``): an OR leaves it out, an AND
with it is NOTHING, an exclusion of it excludes nothing, so the expression
never names it, and a query or condition that is NOTHING is never asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from watchjournal.search.index import FIELD_COLUMNS
from watchjournal.search.query import And, Node, Not, Or, Text

# Text leaves -> the expressions that replace them (``prefixes``): the OR of a prefix's
# words instead of its native ``"ri"*``, or NOTHING.
Expansions = Mapping[Text, str]
NATIVE: Expansions = MappingProxyType({})
# Matches no film: not an FTS5 expression, it never reaches FTS5 (see the module).
NOTHING = ""


def quote(text: str) -> str:
    """An FTS5 string literal: taken as words to find, never as operators."""
    # FTS5 reads its expression as a C string, so a NUL would cut it short ("unterminated
    # string"); the index treats NUL as a separator, like a space.
    return '"' + text.replace('"', '""').replace("\x00", " ") + '"'


def text_expression(leaf: Text, loose: bool = False, expanded: Expansions = NATIVE) -> str:
    """``{directors} : "bong"*`` - one word or phrase, in one column or all.

    ``loose``: a phrase of several words becomes its words in any order
    (``("neon" AND "revenge")``), which finds every film the phrase finds and more.
    ``expanded``: the words a prefix stands for (``prefixes``), instead of ``*``.
    """
    words = leaf.text.split()
    if leaf in expanded:  # a prefix is one word being typed: loose changes nothing
        term = expanded[leaf]
        if term == NOTHING:
            return NOTHING
    elif loose and len(words) > 1:
        terms = [quote(word) for word in words]
        term = "(" + " AND ".join(terms) + ("*" if leaf.prefix else "") + ")"
    else:
        term = quote(leaf.text) + ("*" if leaf.prefix else "")
    if leaf.field is None:
        return term
    return "{" + FIELD_COLUMNS[leaf.field] + "} : " + term


def match_expression(node: Node, loose: bool = False, expanded: Expansions = NATIVE) -> str | None:
    """The FTS5 expression for ``node``, or None if FTS5 alone cannot express it.

    ``loose`` loosens the phrases it wants (not those it excludes, see
    ``text_expression``): the expression then finds all that ``node`` finds.
    """
    if isinstance(node, Text):
        return text_expression(node, loose, expanded)
    if isinstance(node, Or):
        parts = [match_expression(child, loose, expanded) for child in node.children]
        if any(part is None for part in parts):
            return None
        found = [part for part in parts if part]  # neither None (above) nor NOTHING
        return "(" + " OR ".join(found) + ")" if found else NOTHING
    if isinstance(node, And):
        return _conjunction(node.children, loose, expanded)
    return None


def _conjunction(
    children: tuple[Node, ...], loose: bool = False, expanded: Expansions = NATIVE
) -> str | None:
    """``(a AND b) NOT (c OR d)``: FTS5 needs something positive to exclude from."""
    wanted = [match_expression(c, loose, expanded) for c in children if not isinstance(c, Not)]
    unwanted = [match_expression(c.child, False, expanded) for c in children if isinstance(c, Not)]
    if not wanted or any(part is None for part in (*wanted, *unwanted)):
        return None
    if NOTHING in wanted:
        return NOTHING
    expression = "(" + " AND ".join(part for part in wanted if part) + ")"
    if excluded := [part for part in unwanted if part]:  # NOTHING excludes nothing
        expression += " NOT (" + " OR ".join(excluded) + ")"
    return expression


def split_conjunction(
    node: Node, loose: bool = False, expanded: Expansions = NATIVE
) -> tuple[str | None, list[Node]]:
    """Split a query into the biggest FTS5 part and the rest, all of which must match.

    At the top of a query that is an AND, the text conditions go into one
    MATCH (which also ranks the results) and only states, ranges and what
    FTS5 cannot express are left for SQL. ``loose``: see ``match_expression``.
    """
    expression = match_expression(node, loose, expanded)
    if expression is not None:
        return expression, []
    if not isinstance(node, And):
        return None, [node]
    expressible = [c for c in node.children if match_expression(c) is not None]
    expressible_negations = [
        c for c in node.children if isinstance(c, Not) and match_expression(c.child) is not None
    ]
    combined = _conjunction((*expressible, *expressible_negations), loose, expanded)
    if combined is None:
        return None, list(node.children)
    rest = [c for c in node.children if c not in expressible and c not in expressible_negations]
    return combined, rest
