"""The administrator's pages: the import result and the import log."""
