"""REST API of activities (/api/v1/activities/…). Thin: services to act, selectors to
read; business-rule errors become ``{code, rule, message}`` JSON (``l2c.core.api``)."""
