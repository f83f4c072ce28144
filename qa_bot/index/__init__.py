"""Index generations on disk: building (local, Ray), FAISS, BM25, loading and verifying."""
