import dataclasses
import tomllib
from pathlib import Path

import pytest

from qa_bot.config import (
    DEFAULT_FILE,
    Settings,
    confident_threshold,
    decline_threshold,
    load_settings,
)
from qa_bot.errors import ConfigError


def test_default_file_matches_dataclass_defaults() -> None:
    data = tomllib.loads(DEFAULT_FILE.read_text())
    defaults = Settings()
    for section, values in data.items():
        for key, value in values.items():
            expected = getattr(getattr(defaults, section), key)
            assert (list(expected) if isinstance(expected, tuple) else expected) == value, (
                section,
                key,
            )


def test_user_file_and_environment_override(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text("[retrieval]\ntop_k = 7\ndense_weight = 0.4\n")
    settings = load_settings(user, environ={"QA_BOT_RETRIEVAL__TOP_K": "3"})
    assert settings.retrieval.top_k == 3
    assert settings.retrieval.dense_weight == 0.4


def test_env_list_and_bool() -> None:
    settings = load_settings(
        environ={
            "QA_BOT_TELEGRAM__ALLOWED_USER_IDS": "1,2",
            "QA_BOT_TELEGRAM__FEEDBACK_BUTTONS": "no",
        }
    )
    assert settings.telegram.allowed_user_ids == (1, 2)
    assert settings.telegram.feedback_buttons is False


@pytest.mark.parametrize(
    ("environ", "fragment"),
    [
        ({"QA_BOT_RETRIEVAL__TOP_K": "zero"}, "retrieval.top_k"),
        ({"QA_BOT_RETRIEVAL__TOP_K": "0"}, "greater than 0"),
        ({"QA_BOT_RETRIEVAL__FUSION": "max"}, "weighted, rrf"),
        ({"QA_BOT_NOPE__X": "1"}, "unknown section"),
        ({"QA_BOT_RETRIEVAL__NOPE": "1"}, "unknown setting"),
        ({"QA_BOT_TOPK": "1"}, "QA_BOT_<SECTION>__<KEY>"),
        ({"QA_BOT_RETRIEVAL__DENSE_WEIGHT": "1.5"}, "between 0 and 1"),
    ],
)
def test_bad_values_name_the_setting(environ: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment.replace("<", ".").replace(">", ".")):
        load_settings(environ=environ)


def test_bad_toml_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[retrieval\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(bad, environ={})


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().retrieval.top_k = 3  # type: ignore[misc]


def test_decline_threshold_follows_the_reader_kind() -> None:
    settings = Settings().replace("reader", neural_threshold=0.6, sentence_threshold=0.3)
    assert decline_threshold(settings, "neural") == 0.6
    assert decline_threshold(settings, "sentence") == 0.3


def test_confident_threshold_is_never_below_the_decline_threshold_and_is_neural_only() -> None:
    settings = Settings().replace("reader", neural_threshold=0.5, neural_confident_threshold=0.8)
    assert confident_threshold(settings, "neural") == 0.8
    assert confident_threshold(settings, "sentence") == settings.reader.sentence_threshold
    below = settings.replace("reader", neural_confident_threshold=0.2)
    assert confident_threshold(below, "neural") == 0.5  # nothing hedged: every answer confident


def test_reading_more_passages_than_the_maximum_is_refused() -> None:
    with pytest.raises(ConfigError, match="max_passages"):
        Settings().replace("reader", passages=4, max_passages=3)


def test_thresholds_outside_zero_to_one_are_refused() -> None:
    with pytest.raises(ConfigError, match="neural_confident_threshold"):
        Settings().replace("reader", neural_confident_threshold=1.5)
    with pytest.raises(ConfigError, match="neural_threshold"):
        Settings().replace("reader", neural_threshold=-0.1)
