"""Settings: defaults, TOML, environment, and documentation of every field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from collaboratory.config import Settings, load_settings
from collaboratory.config.settings import ConfigError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "CONFIGURATION.md"


def test_defaults_are_embedded(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.db_url == f"sqlite+aiosqlite:///{tmp_path}/collaboratory.db"
    assert settings.server.port == 8000 and settings.accounts.allow_guests
    assert set(settings.runtimes.types) == {
        "cpu",
        "cpu-highram",
        "gpu",
        "gpu-highram",
        "tpu",
        "tpu-highram",
    }
    assert settings.runtimes.types["gpu"].idle_timeout_seconds == 90 * 60


def test_toml_file_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "collaboratory.toml"
    config.write_text(
        f"""
data_dir = "{tmp_path / "d"}"
[accounts]
allow_guests = false
[accelerators]
gpu = ["0", "1"]
[runtimes.types.gpu]
name = "GPU"
accelerator = "gpu"
accelerator_count = 1
idle_timeout_seconds = 60
"""
    )
    settings = load_settings(config)
    assert settings.accounts.allow_guests is False
    assert settings.accelerators.gpu == ["0", "1"]
    assert settings.runtimes.types["gpu"].idle_timeout_seconds == 60
    assert settings.runtimes.types["cpu"].name == "CPU"  # the other defaults stay
    monkeypatch.setenv("COLLABORATORY_ACCOUNTS__ALLOW_GUESTS", "true")
    monkeypatch.setenv("COLLABORATORY_DATABASE_URL", "postgresql+asyncpg://u@h/db")
    settings = load_settings(config)
    assert settings.accounts.allow_guests is True  # the environment wins over the file
    assert settings.db_url == "postgresql+asyncpg://u@h/db"
    assert load_settings(config, data_dir=tmp_path / "cli").data_dir == tmp_path / "cli"


def test_missing_file_and_unknown_keys_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[accounts]\nallow_guestz = true\n")
    with pytest.raises(ConfigError, match=r"accounts\.allow_guestz: Extra inputs"):
        load_settings(bad)
    bad.write_text("[server]\nport = 'eighty'\n")
    with pytest.raises(ConfigError, match=r"server\.port"):
        load_settings(bad)


def field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    paths = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths += field_paths(annotation, f"{prefix}{name}.")
        else:
            paths.append(prefix + name)
    return paths


def test_every_setting_is_documented() -> None:
    documented = set(re.findall(r"^\| `([a-z_.<>]+)` \|", DOCS.read_text(), re.MULTILINE))
    missing = [p for p in field_paths(Settings) if p not in documented]
    assert missing == [], f"undocumented settings in docs/CONFIGURATION.md: {missing}"
    from collaboratory.config import RuntimeImageSettings, RuntimeTypeSettings

    type_fields = [f"runtimes.types.<id>.{p}" for p in field_paths(RuntimeTypeSettings)]
    assert [p for p in type_fields if p not in documented] == []
    image_fields = [f"runtimes.images.<name>.{p}" for p in field_paths(RuntimeImageSettings)]
    assert [p for p in image_fields if p not in documented] == []
