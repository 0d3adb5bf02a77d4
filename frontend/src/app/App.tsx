import { lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import type { Status } from "../api/types";
import { GuestSignupDialog } from "../auth/GuestSignupDialog";
import { SignInPage } from "../auth/SignInPage";
import { TokensDialog } from "../auth/TokensDialog";
import { DriveBrowser } from "../drive/DriveBrowser";
import { UploadManager } from "../upload/uploadManager";
import { syncPath, websocketUrl } from "../live/socket";
import { prefetchNotebook } from "./prefetch";
import { navigate, parseRoute, usePathname } from "./router";
import { SideNav } from "./SideNav";
import { TopBar } from "./TopBar";
import { useSession } from "./useSession";

const DEFAULT_CHUNK = 8 * 1024 * 1024;

// The editor (CodeMirror, yjs, KaTeX…) is its own chunk: fetched once Drive is up, so that
// "New notebook" opens at once without slowing the first page.
let editorLoaded = false;
const loadEditor = () =>
  import("../notebook/NotebookPage").then((module) => {
    editorLoaded = true;
    return module;
  });
const NotebookPage = lazy(() => loadEditor().then((m) => ({ default: m.NotebookPage })));

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
  useEffect(() => {
    // Opening a notebook: its item and document are on their way while the editor's code loads.
    // (Once the editor is loaded, it opens them itself, as soon as this would.)
    if (signedInNow && notebookId && !editorLoaded) prefetchNotebook(notebookId, websocketUrl(syncPath(notebookId)));
  }, [signedInNow, notebookId]);
  useEffect(() => {
    if (!signedInNow) return;
    const timer = setTimeout(() => void loadEditor(), 500);
    return () => clearTimeout(timer);
  }, [signedInNow]);

  if (session.phase === "loading") return <div className="splash" aria-busy="true" />;
  if (session.phase === "error") {
    return (
      <main className="signin-page">
        <div className="error-banner" role="alert">
          {session.message}
        </div>
      </main>
    );
  }
  if (session.phase === "signedOut") return <SignInPage status={status} onSignedIn={signedIn} />;

  const user = session.user;
  if (route.name === "notebook") {
    return (
      <Suspense fallback={<div className="splash" aria-busy="true" />}>
        <NotebookPage key={route.id} id={route.id} user={user} />
      </Suspense>
    );
  }

  return (
    <div className="app">
      <TopBar
        user={user}
        onSignUp={() => setDialog("signup")}
        onTokens={() => setDialog("tokens")}
        onSignOut={() => {
          void signOut().then(() => navigate("/"));
        }}
      />
      <div className="app-body">
        <SideNav current={route.name === "trash" ? "trash" : "drive"} />
        <main className="app-main">
          {route.name === "notFound" ? (
            <p className="drive-empty">Page not found: {route.path}</p>
          ) : (
            <DriveBrowser
              key={`${user.id}`}
              folder={route.name === "drive" ? route.folder : null}
              trash={route.name === "trash"}
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
