"""The «Сроки» page's builders."""
