"""HC5 contract validation, memoised on the exact text.

Step 5 validates the HC5 it writes and Max validates the HC5 it reads at the handoff.
Validation is a pure function of the text, so when Max reads back byte-for-byte what step 5
validated, the second check reuses the first result; any other text (an edited or foreign
file) is validated afresh. For large portfolios this halves the contract-checking time.
"""

from __future__ import annotations

from functools import lru_cache

from contracts.result import ContractResult


@lru_cache(maxsize=4)
def validate_hc5_text(text: str) -> ContractResult:
    from contracts.hc5_validate import validate_hc5

    return validate_hc5(text)


def problems(result: ContractResult, limit: int = 5) -> str:
    """The first errors (or missing fields) of a failed validation, on one line."""
    errors = [f"{f.field}: {f.message}" for f in result.errors[:limit]]
    return "; ".join(errors or result.missing[:limit])
