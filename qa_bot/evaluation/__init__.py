"""SQuAD files, EM/F1, retrieval recall, latency; the ``qa-bot eval`` command."""
