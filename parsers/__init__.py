"""Document → facts: pure functions, no I/O beyond the packaged domain tables in parsers/data/."""
