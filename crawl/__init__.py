"""Fetching plans from bureaus' websites: links.py finds links on a page, fetch.py fetches politely;
flows/crawl.py composes them and hands what it downloads to the ingest pipeline."""
