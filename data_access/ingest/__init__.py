"""The import pipeline of source exports and the masking of personal data at load time."""
