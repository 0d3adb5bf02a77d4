"""The settings model.

Precedence, highest first: explicit keyword arguments (the command line), ``COLLABORATORY_*``
environment variables (nested with ``__``: ``COLLABORATORY_ACCOUNTS__ALLOW_GUESTS=false``), the
TOML file, then the defaults below. Every field carries a description; ``docs/CONFIGURATION.md``
documents each one and a test keeps the two in step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from collaboratory.config.images import RuntimeImageSettings, default_images

MiB = 1024 * 1024


class Section(BaseModel):
    """A settings table; unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")


class ServerSettings(Section):
    host: str = Field("127.0.0.1", description="Address to listen on.")
    port: int = Field(8000, ge=0, le=65535, description="TCP port to listen on.")
    public_url: str | None = Field(
        None,
        description="The URL users reach the service at, when behind a proxy "
        "(https:// turns on Secure cookies).",
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="Log verbosity."
    )


class AccountSettings(Section):
    allow_guests: bool = Field(
        True, description="Whether people may use the service without an account (guests)."
    )
    guests_may_run_code: bool = Field(True, description="Whether guests may connect runtimes.")
    allow_signup: bool = Field(True, description="Whether anyone may create an account.")
    session_days: int = Field(30, ge=1, description="How long a sign-in lasts, in days.")
    guest_session_days: int = Field(7, ge=1, description="How long a guest session lasts, in days.")
    login_attempts_per_window: int = Field(
        10,
        ge=1,
        description="Failed sign-ins per user name from one client address before each further "
        "try waits 1, 2, 4, ... seconds; an address may fail 5x as often across user names per "
        "window.",
    )
    login_window_seconds: int = Field(
        300,
        ge=1,
        description="The sign-in limit's window: the longest wait, and how long failures count.",
    )
    min_password_length: int = Field(8, ge=1, description="Shortest password accepted at signup.")


class DriveSettings(Section):
    max_upload_bytes: int = Field(
        512 * MiB, ge=1, description="Largest file one upload may carry, in bytes."
    )
    max_notebook_bytes: int = Field(
        100 * MiB, ge=1, description="Largest .ipynb accepted as a notebook, in bytes."
    )
    upload_chunk_bytes: int = Field(
        8 * MiB, ge=64 * 1024, description="Chunk size the browser uses for large uploads."
    )


class RuntimeTypeSettings(Section):
    name: str = Field(description="Name shown under Change runtime type.")
    accelerator: Literal["none", "gpu", "tpu"] = Field("none", description="Accelerator kind.")
    accelerator_count: int = Field(0, ge=0, description="How many accelerators a runtime gets.")
    memory_mb: int = Field(4096, ge=64, description="Memory limit of one runtime, in MiB.")
    cpus: float = Field(2.0, gt=0, description="CPU limit of one runtime, in cores.")
    disk_mb: int = Field(10240, ge=16, description="Disk quota of a runtime's /content, in MiB.")
    pids: int = Field(512, ge=16, description="Most processes and threads one runtime may run.")
    idle_timeout_seconds: int = Field(
        90 * 60, ge=1, description="An idle runtime is reclaimed after this long."
    )
    max_lifetime_seconds: int = Field(
        12 * 3600, ge=1, description="A runtime is reclaimed after this long, busy or not."
    )
    warm_pool: int = Field(1, ge=0, description="Runtimes kept started and waiting for a user.")
    warm_pool_max: int = Field(
        32,
        ge=0,
        description="Most runtimes the warm pool grows to when connects come faster than "
        "warm_pool covers (it follows demand, within free memory, and shrinks back when idle).",
    )
    image: str = Field(
        "standard", description="The runtime image (runtimes.images) its kernels run in."
    )


def default_runtime_types() -> dict[str, RuntimeTypeSettings]:
    def kind(name: str, acc: Literal["none", "gpu", "tpu"], mem: int) -> RuntimeTypeSettings:
        return RuntimeTypeSettings(
            name=name,
            accelerator=acc,
            accelerator_count=0 if acc == "none" else 1,
            memory_mb=mem,
            warm_pool=1 if acc == "none" and mem <= 4096 else 0,
            image="standard" if acc == "none" else "ml",
        )

    return {
        "cpu": kind("CPU", "none", 4096),
        "cpu-highram": kind("CPU (High-RAM)", "none", 16384),
        "gpu": kind("GPU", "gpu", 8192),
        "gpu-highram": kind("GPU (High-RAM)", "gpu", 32768),
        "tpu": kind("TPU", "tpu", 8192),
        "tpu-highram": kind("TPU (High-RAM)", "tpu", 32768),
    }


class AcceleratorInventory(Section):
    """A static inventory for machines where discovery finds nothing, and for tests."""

    gpu: list[str] | None = Field(
        None, description="GPU device ids as CUDA_VISIBLE_DEVICES names them; unset: discover."
    )
    tpu: list[str] | None = Field(
        None, description="TPU device paths (/dev/accel0, ...); unset: discover."
    )


class GatewaySettings(Section):
    """``[runtimes.gateway]``: Jupyter Enterprise Gateway (or Kernel Gateway) that runs the
    kernels when ``runtimes.backend = "gateway"``."""

    url: str | None = Field(
        None, description='The gateway\'s base URL, such as "http://eg.example.org:8888".'
    )
    auth_token: str | None = Field(
        None, description="Token sent as 'Authorization: token ...' (EG's auth_token)."
    )
    kernelspecs: dict[str, str] = Field(
        default_factory=dict,
        description="The gateway's kernelspec for each runtime type id; others get "
        "default_kernelspec.",
    )
    default_kernelspec: str = Field(
        "python3", description="The gateway kernelspec of a runtime type not in kernelspecs."
    )
    request_timeout_seconds: float = Field(
        20.0, gt=0, description="How long one REST call to the gateway may take."
    )
    launch_timeout_seconds: float = Field(
        120.0, gt=0, description="How long a kernel start on the gateway may take."
    )

    def kernelspec(self, type_id: str) -> str:
        return self.kernelspecs.get(type_id, self.default_kernelspec)


class RuntimeSettings(Section):
    backend: str = Field("local", description="Runtime backend (entry point name).")
    gateway: GatewaySettings = Field(default_factory=GatewaySettings)
    default_type: str = Field("cpu", description="Runtime type of a new notebook.")
    max_runtimes_per_user: int = Field(5, ge=1, description="Concurrent runtimes per user.")
    max_accelerators_per_user: int = Field(
        1, ge=0, description="Accelerators one user may hold at once."
    )
    python: str | None = Field(
        None,
        description="A Python interpreter (with ipykernel) every runtime uses as it is, instead "
        "of the runtime images; unset: runtime images.",
    )
    default_packages: list[str] = Field(
        default_factory=list, description="Packages added to every runtime image."
    )
    images: dict[str, RuntimeImageSettings] = Field(
        default_factory=default_images,
        description="Runtime images by name: the locked Python environments kernels run in.",
    )
    images_dir: Path | None = Field(
        None, description="Where runtime images are built; unset: data_dir/images."
    )

    @field_validator("images", mode="before")
    @classmethod
    def _merge_images_with_defaults(cls, value: object) -> object:
        """A configured image replaces the default of the same name; the others stay."""
        if not isinstance(value, dict):
            return value
        merged: dict[str, object] = dict(default_images())
        merged.update(value)
        return merged

    survive_restart: bool = Field(
        True,
        description="Leave runtimes running when the server stops; it re-adopts them at start.",
    )
    warm_pool_enabled: bool = Field(
        True, description="Keep each type's warm_pool runtimes started ahead of demand."
    )
    cull_interval_seconds: float = Field(
        10.0, gt=0, description="How often idle, expired and dead runtimes are looked for."
    )
    cull_warning_seconds: float = Field(
        300.0, ge=0, description="How long before reclaiming a runtime its users are warned."
    )
    sandbox: Literal["auto", "bubblewrap", "none"] = Field(
        "auto",
        description=(
            "Process sandbox for local runtimes: bubblewrap as an unprivileged user (auto and "
            "bubblewrap alike; runtimes refuse to start where it cannot work, saying why), or "
            '"none": no sandbox at all, only for a trusted single-user machine.'
        ),
    )
    network: Literal["internet", "none"] | list[str] = Field(
        "internet",
        description=(
            'What runtimes may reach: "internet" (out through slirp4netns, never the host, '
            'its networks, private, link-local or other reserved ranges), "none" (loopback '
            'only), or a list of "internet" and IPv4 ranges to let through as well, such as '
            '["internet", "10.1.0.0/16"].'
        ),
    )

    @field_validator("network")
    @classmethod
    def _network_is_understood(cls, value: str | list[str]) -> str | list[str]:
        from collaboratory.runtimes.sandbox.network import NetworkPolicy

        NetworkPolicy.parse(value)  # raises a ValueError that names the bad item
        return value

    types: dict[str, RuntimeTypeSettings] = Field(
        default_factory=default_runtime_types,
        description="Runtime types offered under Change runtime type, by id.",
    )

    @field_validator("types", mode="before")
    @classmethod
    def _merge_with_defaults(cls, value: object) -> object:
        """A configured type replaces the default of the same id; the other defaults stay."""
        if not isinstance(value, dict):
            return value
        merged: dict[str, object] = dict(default_runtime_types())
        merged.update(value)
        return merged

    @model_validator(mode="after")
    def _types_name_known_images(self) -> RuntimeSettings:
        for type_id, runtime_type in self.types.items():
            if runtime_type.image not in self.images:
                known = ", ".join(sorted(self.images))
                raise ValueError(
                    f"runtime type {type_id!r} names image {runtime_type.image!r}, which "
                    f"runtimes.images does not define (defined: {known})"
                )
        return self


class MetricsSettings(Section):
    token: str | None = Field(
        None,
        min_length=16,
        description="Bearer token Prometheus scrapes /metrics with; unset: /metrics is off (404).",
    )


class SchedulerSettings(Section):
    enabled: bool = Field(True, description="Whether this server runs scheduled notebooks.")
    tick_seconds: float = Field(
        30.0, gt=0, description="How often the scheduler looks for schedules that are due."
    )
    min_interval_seconds: int = Field(
        900,
        ge=1,
        description="Shortest time a cron schedule may leave between two runs, in seconds.",
    )
    run_timeout_seconds: float = Field(
        6 * 3600, gt=0, description="A scheduled run still going after this long is stopped."
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="COLLABORATORY_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    data_dir: Path = Field(
        Path("data"), description="Where the database, uploaded files and runtimes live."
    )
    database_url: str | None = Field(
        None,
        description="SQLAlchemy async URL; unset: SQLite in data_dir. "
        "PostgreSQL: postgresql+asyncpg://user:pass@host/db.",
    )
    server: ServerSettings = Field(default_factory=ServerSettings)
    accounts: AccountSettings = Field(default_factory=AccountSettings)
    drive: DriveSettings = Field(default_factory=DriveSettings)
    runtimes: RuntimeSettings = Field(default_factory=RuntimeSettings)
    accelerators: AcceleratorInventory = Field(default_factory=AcceleratorInventory)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    scheduler: SchedulerSettings = Field(default_factory=SchedulerSettings)

    @model_validator(mode="after")
    def _resolve_paths(self) -> Settings:
        self.data_dir = self.data_dir.expanduser().resolve()
        if self.runtimes.images_dir is not None:
            self.runtimes.images_dir = self.runtimes.images_dir.expanduser().resolve()
        if self.database_url is None:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / 'collaboratory.db'}"
        return self

    @property
    def db_url(self) -> str:
        assert self.database_url is not None
        return self.database_url

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = _CONFIG_FILE.get("path")
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
        return tuple(sources)


# pydantic-settings reads the TOML path from class configuration; this holds the one to use
# for the current load without mutating the class.
_CONFIG_FILE: dict[str, Path | None] = {"path": None}


class ConfigError(Exception):
    """The configuration file cannot be used; the message says why."""


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Load settings from an optional TOML file, the environment and explicit overrides."""
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"Configuration file {config_file} does not exist.")
    _CONFIG_FILE["path"] = config_file
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        source = f" in {config_file}" if config_file else ""
        raise ConfigError(f"Invalid configuration{source}: {problems}") from exc
    finally:
        _CONFIG_FILE["path"] = None
