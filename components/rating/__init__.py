"""The executor rating's builders."""
