"""The pipeline: discover -> read -> parse -> index -> rules -> findings (see ``run.py``)."""
