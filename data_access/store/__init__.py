"""The store: engines, schema, dialect differences (DuckDB / PostgreSQL), the Streamlit cache (cached.py, the one module of
data_access with Streamlit), reference data, roles' scope."""
