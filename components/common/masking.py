"""Masking of citizens' personal data for what everyone can see (the meeting screen's strict mode).

The masker itself lives in ``data_access.ingest.masker`` (the importer and the demo generator store masked copies
with it at load time); this module is the name components use for it.
"""
from data_access.ingest.masker import EMAIL, HOUSE, NAME, PHONE, mask_personal_data

__all__ = ["EMAIL", "HOUSE", "NAME", "PHONE", "mask_personal_data"]
