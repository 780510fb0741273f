"""The pages' queries (SQL, aggregates in the database) and their declared lists (page_queries.py)."""
