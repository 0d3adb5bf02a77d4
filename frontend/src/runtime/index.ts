// The runtime chrome and Files panel, for the notebook page.
export { useRuntime, type RuntimeController } from "./useRuntime";
export { ConnectButton } from "./ConnectButton";
export { RuntimeWarning } from "./RuntimeWarning";
export { ChangeRuntimeTypeDialog } from "./ChangeRuntimeTypeDialog";
export { ManageSessionsDialog } from "./ManageSessionsDialog";
export { RuntimeEnvironmentDialog } from "./RuntimeEnvironmentDialog";
export { PackageList } from "./PackageList";
export { FilesPanel } from "./FilesPanel";
export { FileViewer } from "./FileViewer";
export { FilesNavigationContext, type FilesNavigation, type FolderRequest } from "./filesNavigation";
export type { RuntimeInfo, RuntimeUsage, RuntimeTypeInfo, RuntimeFile, UsageSample } from "./api";
export type { RuntimeStatus } from "./status";
