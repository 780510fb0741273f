"""The satisfaction page's builders."""
