"""Builds the services from settings; the app and the command line share this assembly."""

from __future__ import annotations

from dataclasses import dataclass, field

from collaboratory.accounts.admin import AdminService
from collaboratory.accounts.secrets import SecretService
from collaboratory.accounts.service import AccountHooks, AccountService
from collaboratory.config import Settings
from collaboratory.db import Database
from collaboratory.documents.comments import CommentService
from collaboratory.documents.revisions import RevisionService
from collaboratory.documents.service import DocumentService
from collaboratory.drive.mount.leftover import MountMarkers
from collaboratory.drive.mount.service import DriveMounts
from collaboratory.drive.mount.sync import Reconciler
from collaboratory.drive.service import DriveService
from collaboratory.drive.sharing import SharingService
from collaboratory.drive.storage import BlobStore
from collaboratory.drive.uploads import UploadService
from collaboratory.execution.handover import wire_handover
from collaboratory.execution.notebooks import NotebookRunner
from collaboratory.execution.resume import Resumer
from collaboratory.execution.service import ExecutionService
from collaboratory.kernel_api.backend import KernelProvider
from collaboratory.kernel_api.registry import BridgeRegistry
from collaboratory.kernel_api.session_store import SessionStore
from collaboratory.metrics import Metrics
from collaboratory.runtimes.accelerators import AcceleratorAllocator, discover_accelerators
from collaboratory.runtimes.backend import load_backend
from collaboratory.runtimes.culler import Culler
from collaboratory.runtimes.kernels import RuntimeKernels
from collaboratory.runtimes.manager import RuntimeManager
from collaboratory.schedules.run import ScheduledRun
from collaboratory.schedules.scheduler import Scheduler
from collaboratory.schedules.service import ScheduleService
from collaboratory.snippets.service import SnippetService


@dataclass
class Services:
    settings: Settings
    db: Database
    accounts: AccountService
    drive: DriveService
    sharing: SharingService
    uploads: UploadService
    runtimes: RuntimeManager
    culler: Culler
    kernels: KernelProvider  # RuntimeKernels; tests put kernels of their own here
    documents: DocumentService
    execution: ExecutionService
    notebook_runner: NotebookRunner
    revisions: RevisionService
    secrets: SecretService
    comments: CommentService
    admin: AdminService
    snippets: SnippetService
    metrics: Metrics
    schedules: ScheduleService
    scheduler: Scheduler
    kernel_sessions: SessionStore = field(default_factory=SessionStore)  # Jupyter's /api/sessions
    kernel_bridges: BridgeRegistry = field(default_factory=BridgeRegistry)  # open kernel sockets

    async def start(self) -> None:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o711)
        self.drive.blobs.prepare()
        await self.db.migrate()
        await self.uploads.remove_leftovers()
        await self.documents.start()
        await self.runtimes.start()
        resumer = Resumer(self.execution, self.documents, self.runtimes)
        await resumer.resume_all()
        self.runtimes.on_adopted.append(resumer.resume)  # taken over from another replica
        wire_handover(self.execution, self.runtimes)  # asked for by another replica
        self.revisions.start()
        self.culler.start()
        self.metrics.start()
        self.scheduler.start()

    async def close(self) -> None:
        await self.scheduler.close()
        await self.metrics.close()
        await self.culler.close()
        if self.notebook_runner.drive_mounts is not None:
            await self.notebook_runner.drive_mounts.close()
        await self.execution.close()
        await self.runtimes.close()
        await self.revisions.close()  # a last automatic revision of rooms still loaded
        await self.documents.close()  # final snapshots, while the database is still open
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
    devices = discover_accelerators(settings.accelerators)
    allocator = AcceleratorAllocator(
        devices, max_per_user=settings.runtimes.max_accelerators_per_user
    )
    runtimes = RuntimeManager(settings, db, load_backend(settings), allocator)
    kernels = RuntimeKernels(runtimes, db)
    documents = DocumentService(db, drive.notebook, authorize=drive.role)
    revisions = RevisionService(db, documents)
    execution = ExecutionService(settings.data_dir / "outputs")
    secrets = SecretService(db, settings.data_dir)
    runner = NotebookRunner(execution, documents, runtimes, secrets)
    snippets = SnippetService(db, documents.notebook)
    runner.snippets = snippets
    reconciler = Reconciler(drive, documents, settings.drive.max_upload_bytes)
    markers = MountMarkers(settings.data_dir / "drive-mounts")
    runner.drive_mounts = DriveMounts(reconciler, runtimes, markers=markers)
    return Services(
        settings,
        db,
        accounts,
        drive,
        SharingService(db, drive),
        uploads,
        runtimes,
        Culler(runtimes),
        kernels,
        documents,
        execution,
        runner,
        revisions,
        secrets,
        CommentService(db, drive.role, documents.rooms),
        AdminService(db, settings.accounts.min_password_length),
        snippets,
        Metrics(settings, db, runtimes, execution, documents.rooms),
        ScheduleService(settings, db, documents),
        Scheduler(settings, db, ScheduledRun(runner, runtimes, documents, revisions)),
    )
