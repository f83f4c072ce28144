"""Retrieval, readers, span decoding and the pipeline that answers a question."""
