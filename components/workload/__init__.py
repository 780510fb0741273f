"""The «Загрузка блоков» page's builders."""
