"""Builds the services from settings; the app and the command line share this assembly."""

from __future__ import annotations

from dataclasses import dataclass

from collaboratory.accounts.service import AccountHooks, AccountService
from collaboratory.config import Settings
from collaboratory.db import Database
from collaboratory.drive.service import DriveService
from collaboratory.drive.storage import BlobStore
from collaboratory.drive.uploads import UploadService


@dataclass
class Services:
    settings: Settings
    db: Database
    accounts: AccountService
    drive: DriveService
    uploads: UploadService

    async def start(self) -> None:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.drive.blobs.prepare()
        await self.db.migrate()

    async def close(self) -> None:
        await self.db.dispose()


def build_services(settings: Settings) -> Services:
    db = Database(settings.db_url)
    blobs = BlobStore(settings.data_dir / "blobs")
    drive = DriveService(db, blobs, settings.drive.max_notebook_bytes)
    hooks = AccountHooks(
        user_created=[drive.provision_home], guest_merged=[drive.adopt_guest_items]
    )
    accounts = AccountService(db, settings.accounts, hooks)
    uploads = UploadService(
        db, blobs, drive, settings.drive.max_upload_bytes, settings.drive.upload_chunk_bytes
    )
    return Services(settings, db, accounts, drive, uploads)
