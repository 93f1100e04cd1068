"""Max: turns a validated HC5 into STAY / CHANGE / UNCLEAR evidence for a person's decision."""
