"""Our exception types; front ends translate them into messages and exit codes."""

from __future__ import annotations


class QaBotError(Exception):
    """Base class of every error qa_bot raises on purpose; its message is for the user."""


class ConfigError(QaBotError):
    """A setting is missing or has a wrong value."""


class IndexMissingError(QaBotError):
    """No index exists where one was expected."""


class CorruptIndexError(QaBotError):
    """The index on disk fails verification (checksum, counts, unreadable file)."""


class IndexMismatchError(QaBotError):
    """The index was built with another model, dimension, chunking or format version."""


class IndexLockedError(QaBotError):
    """Another process is writing the index."""


class EmptyCorpusError(QaBotError):
    """There are no readable articles to index."""


class BadQuestionError(QaBotError):
    """The question is empty, binary or otherwise unusable."""


class EvaluationDataError(QaBotError):
    """A dataset, predictions or na-prob file is missing or not in the expected format."""


class ModelLoadError(QaBotError):
    """A model could not be loaded from the installed packages."""


class UnreadableSourceError(QaBotError):
    """A file, page or feed cannot be turned into articles; the message says why."""


class FetchError(UnreadableSourceError):
    """A URL could not be fetched: not http(s), timeout, too large, too many redirects, 4xx/5xx."""


class NotInLibraryError(QaBotError):
    """An article, path or URL to remove is not in the index's library."""
