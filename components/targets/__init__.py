"""The «Целевые показатели» page's builders."""
