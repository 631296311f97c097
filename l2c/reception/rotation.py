"""Rotation (轮流接待, BR-REC-02/03) as pure functions: no database, no clock.

The state of the day is *derived* — never a stored counter — by folding the day's entries
that took a turn over the roster's order:

* a **rotation** turn given to X, passing over the reps in ``skipped`` (away when their turn
  came), moves the pointer to the rep after X and leaves each skipped rep owing one
  make-up turn;
* a **make-up** turn given to X settles the oldest turn X owes; the pointer does not move.

The next new walk-in goes first to the rep who has owed a turn the longest and is back at
the desk (空几轮，补接几名: as many new customers as turns missed, before the rotation moves
on); otherwise to the next rep in order who is present, passing over (and recording) the
reps who are away.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

ROTATION = "rotation"
MAKEUP = "makeup"


@dataclass(frozen=True)
class Turn:
    """One entry that consumed a turn: who received, how, and who was passed over."""

    rep: int
    how: str  # ROTATION | MAKEUP
    skipped: tuple[int, ...] = ()


@dataclass(frozen=True)
class State:
    #: index in the order of the rep whose regular turn is next
    pointer: int = 0
    #: one entry per missed turn, oldest first (a rep away twice appears twice)
    owed: tuple[int, ...] = ()
    #: turns received today, per rep (rotation and make-up)
    received: dict[int, int] = field(default_factory=dict)

    def owed_by(self, rep: int) -> int:
        return self.owed.count(rep)


def fold(order: Sequence[int], turns: Iterable[Turn]) -> State:
    """The state after the day's turns, in the order they were given."""
    state = State()
    for turn in turns:
        state = apply(order, state, turn)
    return state


def apply(order: Sequence[int], state: State, turn: Turn) -> State:
    received = dict(state.received)
    received[turn.rep] = received.get(turn.rep, 0) + 1
    members = set(order)
    if turn.how == MAKEUP:
        owed = list(state.owed)
        if turn.rep in owed:
            owed.remove(turn.rep)
        return State(state.pointer, tuple(owed), received)
    owed = [r for r in state.owed if r in members] + [r for r in turn.skipped if r in members]
    pointer = (order.index(turn.rep) + 1) % len(order) if turn.rep in members else state.pointer
    return State(pointer, tuple(owed), received)


def next_turn(
    order: Sequence[int], state: State, present: set[int] | frozenset[int]
) -> Turn | None:
    """Who receives the next new walk-in, given who is at the desk now; ``None`` when every
    rep on duty is away."""
    if not order:
        return None
    for rep in state.owed:
        if rep in present and rep in order:
            return Turn(rep, MAKEUP)
    pointer = state.pointer % len(order)
    skipped: list[int] = []
    for step in range(len(order)):
        rep = order[(pointer + step) % len(order)]
        if rep in present:
            return Turn(rep, ROTATION, tuple(skipped))
        skipped.append(rep)
    return None


def queue(
    order: Sequence[int], state: State, present: set[int] | frozenset[int], length: int = 3
) -> list[Turn]:
    """The next ``length`` turns if nobody comes or goes meanwhile (for the desk's display)."""
    out: list[Turn] = []
    for _ in range(length):
        turn = next_turn(order, state, present)
        if turn is None:
            break
        out.append(turn)
        state = apply(order, state, turn)
    return out
