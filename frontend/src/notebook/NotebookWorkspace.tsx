import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { driveApi } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { DriveItem, Role, User } from "../api/types";
import { navigate } from "../app/router";
import { loadSettings, resolveTheme, saveSettings } from "../chrome/settings";
import { CommentsContext, useNotebookComments } from "../comments/CommentsContext";
import { CommentsPanel } from "../comments/CommentsPanel";
import { mayComment, mayEdit } from "../live/access";
import type { LiveNotebook } from "../live/liveNotebook";
import { LocalRuntimeStore } from "../localRuntime";
import { FileViewer, FilesNavigationContext, RuntimeWarning, useRuntime, type FilesNavigation, type FolderRequest } from "../runtime";
import type { PageActions } from "./commands/notebookCommands";
import { useHeadings } from "./model/useHeadings";
import { useProviderState } from "./model/hooks";
import { NotebookContext } from "./NotebookContext";
import { NotebookDialogs, type DialogName } from "./NotebookDialogs";
import { NotebookEditor } from "./NotebookEditor";
import { clearAllOutputs, downloadPython, newNotebook, saveCopy, uploadNotebook } from "./fileActions";
import { NotebookHeader } from "./NotebookHeader";
import { RuntimeIdContext } from "./outputs/ColabFiles";
import { SidePanel, type PanelName } from "./SidePanel";
import { SideRail } from "./SideRail";
import { useGlobalKeys } from "./useGlobalKeys";
import { useNotebookSession } from "./useNotebookSession";

/** View › Light / dark theme: flips what is shown now, and remembers it. */
function toggleTheme(): void {
  const settings = loadSettings();
  saveSettings({ ...settings, theme: resolveTheme(settings.theme) === "dark" ? "light" : "dark" });
}

interface Props {
  item: DriveItem;
  /** My role now (the page opens the document afresh when it changes). */
  role: Role;
  live: LiveNotebook;
  user: User;
  onItemChange(item: DriveItem): void;
}

/** The open notebook: header (title, menus, save status, Connect), side panel, cells, dialogs. */
export function NotebookWorkspace({ item, role, live, user, onItemChange }: Props) {
  const readOnly = !mayEdit(role);
  const comments = useNotebookComments(live, mayComment(role));
  const runtime = useRuntime(item.id);
  const providerState = useProviderState(live.provider);
  const headings = useHeadings(live.model);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [panel, setPanel] = useState<PanelName | null>(null);
  // files.view(): the folder the Files panel is asked to show, the file the viewer shows.
  const [folderRequest, setFolderRequest] = useState<FolderRequest | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const filesNavigation = useMemo<FilesNavigation>(
    () => ({
      showFolder: (path) => {
        setPanel("files");
        setFolderRequest((last) => ({ path, seq: (last?.seq ?? 0) + 1 }));
      },
      viewFile: (path) => setViewing(path),
    }),
    [],
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [renaming, setRenaming] = useState(0);
  const [codeHidden, setCodeHidden] = useState(false);
  const everSynced = useRef(false);
  if (providerState.synced) everSynced.current = true;
  const runtimeRef = useRef(runtime);
  runtimeRef.current = runtime;
  const report = useCallback((err: unknown) => setNotice(errorMessage(err)), []);

  const itemName = useRef(item.name);
  const local = useMemo(
    () => new LocalRuntimeStore(live.model, { id: live.notebookId, name: itemName.current }, user.username ?? "guest", live.setLocalActions),
    [live, user.username],
  );
  useEffect(() => () => local.disconnect(), [local]);

  useEffect(() => {
    live.setRuntime({ interrupt: () => runtimeRef.current.interrupt(), restart: () => runtimeRef.current.restart() });
    return () => live.setRuntime(null);
  }, [live]);

  const page = useMemo<PageActions>(
    () => ({
      openPalette: () => setDialog("palette"),
      openShortcuts: () => setDialog("shortcuts"),
      openSettings: () => setDialog("settings"),
      openNotebookSettings: () => setDialog("notebookSettings"),
      openRevisions: () => setDialog("revisions"),
      openChangeRuntimeType: () => setDialog("changeRuntime"),
      openManageSessions: () => setDialog("sessions"),
      openLocalRuntime: () => setDialog("localRuntime"),
      openAddFormField: () => setDialog("addFormField"),
      openRuntimeEnvironment: () => setDialog("runtimeEnvironment"),
      openCompareEnvironments: () => setDialog("compareEnvironments"),
      openSchedule: () => setDialog("schedule"),
      togglePanel: (name) => setPanel((open) => (open === name ? null : name)),
      toggleTheme,
      download: () => window.open(driveApi.contentUrl(item.id), "_blank"),
      downloadPython: () => downloadPython(live.model, item.name),
      newNotebook: () => void newNotebook(item.parent).catch(report),
      openDrive: () => navigate(item.parent ? `/drive/folders/${item.parent}` : "/"),
      uploadNotebook: () => uploadNotebook(item.parent, report),
      saveCopy: () => void saveCopy(item.id).catch(report),
      clearAllOutputs: () => clearAllOutputs(live.model),
      toggleCode: () => setCodeHidden((hidden) => !hidden),
      rename: () => setRenaming((n) => n + 1),
      backToDrive: () => navigate(item.parent ? `/drive/folders/${item.parent}` : "/"),
      interrupt: () => void live.actions.interrupt().catch(report),
      restart: () => void live.actions.restart().catch(report),
      restartAndRunAll: () =>
        void live.actions
          .restart()
          .then(() => live.actions.executeAll())
          .catch(report),
      disconnect: () => void runtimeRef.current.disconnect().catch(report),
    }),
    [item.id, item.name, item.parent, live, report],
  );
  const session = useNotebookSession(live, page, setNotice, readOnly);
  useEffect(() => {
    // Running a cell connects the notebook's runtime when there is none: show it at once.
    session.controller.afterRun = () => {
      if (!runtimeRef.current.runtime) void runtimeRef.current.refresh();
    };
  }, [session.controller]);
  useGlobalKeys(session.context.handleKey);

  const rename = (name: string) => {
    driveApi
      .rename(item.id, name)
      .then((renamed) => {
        onItemChange(renamed);
        document.title = `${renamed.name} - Collaboratory`;
      })
      .catch(report);
  };

  return (
    <NotebookContext.Provider value={session.context}>
      <FilesNavigationContext.Provider value={filesNavigation}>
        <CommentsContext.Provider value={comments}>
          <div className="notebook-page nb-workspace">
            <NotebookHeader
              item={item}
              user={user}
              commands={session.commands}
              controller={session.controller}
              runtime={runtime}
              local={local}
              awareness={live.provider.awareness}
              saveState={providerState.save}
              readOnly={readOnly}
              renameRequest={renaming}
              onRename={rename}
            />
            <RuntimeWarning controller={runtime} />
            {notice && (
              <div className="nb-notice" role="alert">
                <span>{notice}</span>
                <button type="button" className="icon-button small" aria-label="Dismiss" onClick={() => setNotice(null)}>
                  ×
                </button>
              </div>
            )}
            <div className="nb-body">
              <SideRail open={panel} onToggle={page.togglePanel} />
              {panel && (
                <SidePanel
                  panel={panel}
                  headings={headings}
                  runtime={runtime}
                  controller={session.controller}
                  readOnly={readOnly}
                  filesRequest={folderRequest}
                  onClose={() => {
                    setPanel(null);
                    setFolderRequest(null);
                  }}
                />
              )}
              <main className="nb-main" aria-label="Notebook" data-hide-code={codeHidden || undefined}>
                {everSynced.current ? (
                  <RuntimeIdContext.Provider value={runtime.runtime?.id ?? null}>
                    <NotebookEditor headings={headings} />
                  </RuntimeIdContext.Provider>
                ) : (
                  <p className="nb-loading" aria-busy="true">
                    {providerState.connected ? "Loading notebook…" : "Connecting…"}
                  </p>
                )}
              </main>
              <CommentsPanel store={comments} />
            </div>
            <NotebookDialogs
              dialog={dialog}
              onClose={() => setDialog(null)}
              live={live}
              commands={session.commands}
              runtime={runtime}
              local={local}
              onError={report}
            />
            {viewing !== null && runtime.runtime && (
              <FileViewer runtimeId={runtime.runtime.id} path={viewing} onClose={() => setViewing(null)} />
            )}
          </div>
        </CommentsContext.Provider>
      </FilesNavigationContext.Provider>
    </NotebookContext.Provider>
  );
}
