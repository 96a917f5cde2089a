"""Prefect flows and the command line. Nothing imports this package."""
