import { useEffect, useState } from "react";
import { driveApi, notebooksApi } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { DriveItem, User } from "../api/types";
import { navigate } from "../app/router";
import { Logo } from "../app/Logo";
import { NotebookView } from "./NotebookView";
import type { Notebook } from "./nbformat";
import { ItemIcon } from "../drive/ItemIcon";

interface Props {
  id: string;
  user: User;
}

export function NotebookPage({ id, user }: Props) {
  const [item, setItem] = useState<DriveItem | null>(null);
  const [notebook, setNotebook] = useState<Notebook | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all([driveApi.get(id), notebooksApi.get(id)])
      .then(([it, nb]) => {
        if (!live) return;
        setItem(it);
        setNotebook(nb);
        document.title = `${it.name} - Collaboratory`;
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [id]);

  const back = () => navigate(item?.parent ? `/drive/folders/${item.parent}` : "/");

  return (
    <div className="notebook-page">
      <header className="topbar notebook-topbar">
        <a href="/" className="brand" onClick={(e) => { e.preventDefault(); back(); }} aria-label="Back to Drive">
          <Logo />
        </a>
        <div className="notebook-title">
          {item && <ItemIcon item={item} />}
          <h1>{item?.name ?? "Loading…"}</h1>
        </div>
        <div className="topbar-spacer" />
        {item && (
          <a className="button" href={driveApi.contentUrl(item.id)} download={item.name}>
            Download
          </a>
        )}
        <span className="user-chip" title={user.is_guest ? "Guest session" : (user.username ?? "")}>
          {user.is_guest ? "Guest" : user.username}
        </span>
      </header>
      <main className="notebook-main">
        <div className="notice" role="note">
          Read-only view. Editing and running cells are coming soon.
        </div>
        {error && (
          <div className="error-banner" role="alert">
            {error}
          </div>
        )}
        {notebook && <NotebookView notebook={notebook} />}
        {!notebook && !error && <p className="loading">Loading notebook…</p>}
      </main>
    </div>
  );
}
