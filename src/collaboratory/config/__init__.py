"""Settings from a TOML file and ``COLLABORATORY_*`` environment variables."""

from collaboratory.config.images import RuntimeImageSettings
from collaboratory.config.settings import (
    AcceleratorInventory,
    AccountSettings,
    DriveSettings,
    RuntimeSettings,
    RuntimeTypeSettings,
    ServerSettings,
    Settings,
    load_settings,
)

__all__ = [
    "AcceleratorInventory",
    "AccountSettings",
    "DriveSettings",
    "RuntimeImageSettings",
    "RuntimeSettings",
    "RuntimeTypeSettings",
    "ServerSettings",
    "Settings",
    "load_settings",
]
