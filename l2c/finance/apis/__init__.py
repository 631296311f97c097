"""REST API of finance: money records, receipts, conversions, refunds and bonds (``money``);
a contract's payment plan and milestone receipts (``plans``); receivables, ageing and
breach handling (``receivables``)."""
