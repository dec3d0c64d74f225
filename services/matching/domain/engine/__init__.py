"""The matching engine: deferred acceptance generalised to quota caps.

Pure module: no I/O, no database, no Kafka, no clock. The service loads a cycle's pool,
calls :func:`run_matching` and stores what it returns.

Inputs
------
* :class:`Programme` — a place with ``seats`` and descriptive ``attrs`` (host_institution,
  host_country, field, level, applicant_type, scheme, cycle, ...).
* :class:`Applicant` — ranked ``choices`` (programme ids), a ``score``, ``attrs``
  (sending_country, applicant_type) and ``ineligible`` choices with a human reason.
  :class:`ApplicantPool` carries the same data column-wise (cheaper for large pools).
* :class:`Cap` — a hard limit on the number of matched (applicant, programme) pairs it
  covers. ``scope`` maps attribute names to allowed values; a pair is covered when every
  key matches. Bare ``sending_country`` and ``applicant_type`` are read from the applicant
  (``applicant_type`` falls back to the programme's attribute when the applicant has
  none), ``programme`` is the programme id, every other bare key is a programme attribute;
  ``applicant.<attr>`` / ``programme.<attr>`` name a side explicitly. :mod:`.quota` turns
  officer-edited quota rules into caps.
* ``fixed`` — applicant id -> programme id: approved or accepted matches of earlier rounds.
  They stay, use seats and caps, and are never displaced; those applicants do not
  propose again.
* ``seed`` — one lottery number per applicant, ``blake2b(f"{seed}\\0{applicant_id}")``
  (8-byte digest, big-endian; see :func:`lottery_number`), breaks score ties. Priority is
  (score descending, lottery ascending, applicant id); every programme and every cap ranks
  applicants by this one order.

Semantics
---------
Applicant-proposing deferred acceptance: an applicant proposes to the next choice it is
eligible for; the proposal is held while the programme's seats and every cap covering the
pair have room; otherwise the lowest-priority applicant among those competing for the
saturated constraint (the held pairs it covers, plus the proposer) is rejected and
proposes further down its list.

Without caps every order of proposals ends in the same matching, the applicant-optimal
stable matching (and, as all programmes share one priority order, the only stable one).
With caps that cut across programmes (a country cap spans every programme of a scheme)
the order matters: if a cap rejects a held applicant and that applicant is later pushed
out of its programme by someone else, the cap's slot can end up empty while the rejected
applicant sits lower on its list. Example: seats 1 each at r1, r2, s; cap "KZ at
institution I" (covering r1 and r2) limit 1; priorities y > x > z; y (PK) ranks r1,
x (KZ) ranks r1 then s, z (KZ) ranks r2. Proposals in the order x, z, y reject z (the cap
is held by x), then y pushes x from r1 to s: z is unplaced while r2 is empty and the cap
unused. The engine therefore fixes the order: proposals are taken in priority order. Then
the proposer is always the lowest-priority competitor, no held proposal is ever rejected,
and the procedure reads as serial dictatorship under feasibility: in priority order, each
applicant gets the first eligible choice whose seats and covering caps all still have
room. :func:`reference_matching` states exactly this in a few lines.

Guarantee (checked by an independent checker in the tests)
----------------------------------------------------------
Let μ be the result, fixed pairs included. A constraint is a programme's seats or a cap.
A choice p of applicant a is *eligible* when p is a programme of the round and not in
``a.ineligible``.

1. Feasible: no programme holds more than its seats and no cap covers more than its limit.
   (Fixed pairs alone may already exceed a limit that was lowered after they were
   approved; they stay, nothing new is added under that constraint, and the result
   carries a warning.)
2. No priority-justified blocking pair: there is no non-fixed applicant a and eligible
   choice p that a ranks above μ(a) (any eligible choice, if a is unplaced) such that
   moving a to p, after removing any set of non-fixed applicants with lower priority
   than a, is feasible. Equivalently, for every such (a, p) some constraint covering
   (a, p) — p's seats, or a cap that covers (a, p) but not (a, μ(a)) — already reaches
   its limit counting only the pairs of fixed applicants and of applicants with higher
   priority than a. That constraint is what the reason for p names.

(2) contains non-wastefulness (a free seat at p with room, once a leaves μ(a), in every
cap covering (a, p) would have been taken) and fairness (no justified envy towards a
lower-priority b at p whose replacement by a breaks no cap — the notion asked for in the
design), and goes further: a is never kept out by a cap filled with lower-priority
applicants at other programmes. It implies Kamada and Kojima's *strong stability*
("Stability concepts in matching under distributional constraints", JET 2017:
satisfying any blocking pair would violate a constraint). They show that strongly stable
matchings need not exist in general, and Biró, Fleiner, Irving and Manlove (2010) show
the same for non-nested caps; both need programmes that rank applicants differently,
and Kamada and Kojima's answer for that case is the weaker "weak stability" of flexible
deferred acceptance. Here every programme and every cap uses the same priority order,
and then a matching with (1) and (2) always exists and is unique: by induction along the
priority order, each applicant's place is forced by the places of those above it (the
tests confirm uniqueness by brute force on small instances). Should programmes ever get
their own priority orders, this guarantee becomes unattainable and the engine would have
to move to flexible deferred acceptance and weak stability.

Outputs (:class:`MatchingResult`)
---------------------------------
``matches`` (new proposals, fixed ones excluded), ``waitlist`` (per programme, in priority
order: the eligible applicants who ranked it above their placement or are unplaced),
``outcomes`` (per applicant: status matched / waitlisted / unmatched, placement, and one
:class:`Reason` per choice ranked above the placement, e.g. "programme full: lowest held
score 81.5 > yours 78.0", "country cap KZ on SCO-2026 full", "ineligible: HSK 3 below
required 4"), ``statistics`` (fill per programme, per cap and per sending country).
Same inputs and seed give the same result, whatever the order of the input collections.

Implementation
--------------
Ids are integer-encoded once; the choice lists become an (applicants x choices) int32
matrix in priority order. Applicants are processed in blocks: numpy marks, for the whole
block, every choice that is already closed (its seats or a covering cap full before the
block starts — closing is permanent), so applicants with nothing open are settled at once
and the others start at their first open choice; a short Python loop then walks the live
applicants in priority order against the exact counters. Waitlists, reasons and
statistics are derived afterwards and built lazily on first access.

Layout
------
``types`` (inputs and outputs), ``priority`` (priority order and scope keys),
``reference`` (the semantics in a few lines), ``run`` (the vectorised run) and
``results`` (the lazily derived outputs).
"""

from __future__ import annotations

from .priority import APPLICANT_SCOPE_KEYS, lottery_number, priority_key, scope_value
from .reference import reference_matching
from .results import MatchingResult
from .run import run_matching
from .types import (
    MATCHED,
    UNMATCHED,
    WAITLISTED,
    Applicant,
    ApplicantPool,
    Cap,
    CountryStats,
    Fill,
    Outcome,
    Programme,
    Reason,
    Statistics,
)

__all__ = [
    "APPLICANT_SCOPE_KEYS",
    "MATCHED",
    "UNMATCHED",
    "WAITLISTED",
    "Applicant",
    "ApplicantPool",
    "Cap",
    "CountryStats",
    "Fill",
    "MatchingResult",
    "Outcome",
    "Programme",
    "Reason",
    "Statistics",
    "lottery_number",
    "priority_key",
    "reference_matching",
    "run_matching",
    "scope_value",
]
