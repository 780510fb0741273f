"""Documents made from the store: the weekly analytical note («Еженедельная аналитическая записка»).

``reports.note`` builds the note's model from the same query functions and metric registry the pages use;
``reports.docx_writer`` and ``reports.pdf`` render it; ``python -m reports.weekly`` is the scheduled command.
"""
