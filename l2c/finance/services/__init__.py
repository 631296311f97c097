"""Every write to money (BR-FIN-01, 02, 03, 05, 06, 08). One business action = one service =
one transaction = one audit record.

Re-exports the receipts and the receivables services. The bid-bond services live in
``services/bonds.py`` (owned by deals) and are imported from there directly — never from here.
"""

from l2c.finance.services import receipts, receivables
from l2c.finance.services.receipts import *  # noqa: F403 (the names of its __all__)
from l2c.finance.services.receivables import *  # noqa: F403 (the names of its __all__)

__all__ = [*receipts.__all__, *receivables.__all__]
