import { useEffect, useMemo, useRef, useState } from "react";
import type { Status } from "../api/types";
import { GuestSignupDialog } from "../auth/GuestSignupDialog";
import { SignInPage } from "../auth/SignInPage";
import { TokensDialog } from "../auth/TokensDialog";
import { DriveBrowser } from "../drive/DriveBrowser";
import { UploadManager } from "../upload/uploadManager";
import { syncPath, websocketUrl } from "../live/socket";
import { ErrorPage } from "./ErrorPage";
import { editorChunkLoaded, loadEditorChunk, useEditorChunk } from "./editorChunk";
import { prefetchNotebook } from "./prefetch";
import { navigate, parseRoute, usePathname } from "./router";
import { AdminPage } from "../admin/AdminPage";
import { SandboxWarning } from "./SandboxWarning";
import { SideNav } from "./SideNav";
import { TopBar } from "./TopBar";
import { useSession } from "./useSession";

const DEFAULT_CHUNK = 8 * 1024 * 1024;

/**
 * A notebook opened by its address: its code, Drive item and document are asked for at once,
 * while the session is still being checked (a signed-out visitor's requests fail and are dropped).
 */
export function startNotebookEarly(pathname: string): void {
  const route = parseRoute(pathname);
  if (route.name !== "notebook") return;
  loadEditorChunk().catch(() => undefined); // the page reports a failure when it asks again
  prefetchNotebook(route.id, websocketUrl(syncPath(route.id)));
}

export function App() {
  const { status, session, signedIn, signOut } = useSession();
  const route = parseRoute(usePathname());
  const [dialog, setDialog] = useState<"signup" | "tokens" | null>(null);
  const statusRef = useRef<Status | null>(null);
  statusRef.current = status;
  const uploads = useMemo(
    () =>
      new UploadManager(() => ({
        maxUploadBytes: statusRef.current?.max_upload_bytes ?? 0,
        chunkBytes: statusRef.current?.upload_chunk_bytes ?? DEFAULT_CHUNK,
      })),
    [],
  );

  const signedInNow = session.phase === "signedIn";
  const notebookId = route.name === "notebook" ? route.id : null;
  const editor = useEditorChunk(notebookId !== null);
  useEffect(() => {
    // Opening a notebook: its item and document are on their way while the editor's code loads.
    // (Once the editor is loaded, it opens them itself, as soon as this would.)
    if (signedInNow && notebookId && !editorChunkLoaded()) prefetchNotebook(notebookId, websocketUrl(syncPath(notebookId)));
  }, [signedInNow, notebookId]);
  useEffect(() => {
    if (!signedInNow) return;
    // Fetched once Drive is up, so that "New notebook" opens at once without slowing the first page.
    const timer = setTimeout(() => void loadEditorChunk().catch(() => undefined), 500);
    return () => clearTimeout(timer);
  }, [signedInNow]);

  if (session.phase === "loading") return <div className="splash" aria-busy="true" />;
  if (session.phase === "error") return <ErrorPage message={session.message} />;
  // Every page says so while runtimes run unsandboxed (runtimes.sandbox = "none").
  const warning = <SandboxWarning status={status} />;
  if (session.phase === "signedOut") {
    return (
      <>
        {warning}
        <SignInPage status={status} onSignedIn={signedIn} />
      </>
    );
  }

  const user = session.user;
  if (route.name === "notebook") {
    if (editor.module) {
      return (
        <>
          {warning}
          <editor.module.NotebookPage key={route.id} id={route.id} user={user} />
        </>
      );
    }
    if (editor.failed) return <ErrorPage message="The editor could not be loaded. Check your connection and reload the page." />;
    return <div className="splash" aria-busy="true" />;
  }

  return (
    <div className="app">
      {warning}
      <TopBar
        user={user}
        onSignUp={() => setDialog("signup")}
        onTokens={() => setDialog("tokens")}
        onSignOut={() => {
          void signOut().then(() => navigate("/"));
        }}
      />
      <div className="app-body">
        <SideNav current={route.name === "trash" || route.name === "shared" || route.name === "admin" ? route.name : "drive"} admin={user.is_admin} />
        <main className="app-main">
          {route.name === "notFound" ? (
            <p className="drive-empty">Page not found: {route.path}</p>
          ) : route.name === "admin" ? (
            <AdminPage />
          ) : (
            <DriveBrowser
              key={`${user.id}`}
              folder={route.name === "drive" ? route.folder : null}
              trash={route.name === "trash"}
              shared={route.name === "shared"}
              uploads={uploads}
            />
          )}
        </main>
      </div>
      {dialog === "signup" && (
        <GuestSignupDialog
          onClose={() => setDialog(null)}
          onDone={(u) => {
            setDialog(null);
            signedIn(u);
          }}
        />
      )}
      {dialog === "tokens" && <TokensDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
