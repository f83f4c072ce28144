"""Training and export of the extractive span reader (needs torch; not imported by qa_bot)."""
