"""DuckDB warehouse: schema, loading. Rows and SQL, never parsing."""
