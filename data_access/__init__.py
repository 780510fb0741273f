"""The store: schema, engines, filters, SQL queries and loaders. No Streamlit here except cached.py."""
