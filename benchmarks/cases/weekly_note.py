"""The weekly note for the whole city: the week ending on the benchmark's «now» (targets at 1M items: DOCX ≤ 10 s,
PDF ≤ 20 s, each including the build of the note)."""
from benchmarks.cases import BenchContext, Case
from data_access.store.reference import read_reference
from reports.docx_writer import docx_bytes
from reports.note import build_note
from reports.pdf import docx_to_pdf, soffice
from reports.week import IsoWeek


def cases(ctx: BenchContext) -> list[Case]:
    week = IsoWeek.of(ctx.today)
    base = ctx.filters  # the week replaces its dates; its scope (--scope-sector) stays

    def docx(engine):
        return docx_bytes(build_note(engine, ctx.profile, read_reference(engine), week, base, ctx.as_of))

    out = [Case("weekly_note.docx", docx)]
    if soffice() is not None:
        out.append(Case("weekly_note.pdf", lambda engine: docx_to_pdf(docx(engine))))
    return out
