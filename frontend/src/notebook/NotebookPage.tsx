import { useEffect, useState } from "react";
import { driveApi } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { DriveItem, Role, User } from "../api/types";
import { ErrorPage } from "../app/ErrorPage";
import { takeItem } from "../app/prefetch";
import { accessFrameRole } from "../live/access";
import { useLiveNotebook } from "./useLiveNotebook";
import { NotebookWorkspace } from "./NotebookWorkspace";
import "./notebook.css";

interface Props {
  id: string;
  user: User;
}

function displayName(user: User): string {
  return user.is_guest ? "Guest" : (user.username ?? "Someone");
}

/**
 * The notebook editor page: the Drive item, the live document, then the workspace. My role comes
 * from the item at open and then from the socket's `access` frames; when it changes the document
 * is opened afresh, so that edits the server refused are dropped and the workspace follows the role.
 */
export function NotebookPage({ id, user }: Props) {
  const [item, setItem] = useState<DriveItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [granted, setGranted] = useState<{ role: Role; generation: number } | null>(null);
  // Opened beside the Drive lookup (not after it), and closed again if that finds no notebook.
  const live = useLiveNotebook(error ? null : id, displayName(user), String(user.id), granted?.generation ?? 0);

  useEffect(() => {
    let current = true;
    setError(null);
    setGranted(null);
    (takeItem(id) ?? driveApi.get(id))
      .then((it) => {
        if (!current) return;
        setItem(it);
        document.title = `${it.name} - Collaboratory`;
      })
      .catch((err: unknown) => current && setError(errorMessage(err)));
    return () => {
      current = false;
    };
  }, [id]);

  useEffect(() => {
    if (!live) return;
    return live.provider.onText((text) => {
      const role = accessFrameRole(text);
      if (role === null) return;
      setGranted((now) => ({ role, generation: (now?.generation ?? 0) + 1 }));
      setItem((it) => (it ? { ...it, role } : it));
    });
  }, [live]);

  if (error) return <ErrorPage message={error} className="notebook-page" />;
  if (!item || !live) return <main className="notebook-page loading" aria-busy="true" />;
  const role = granted?.role ?? item.role;
  return <NotebookWorkspace key={live.notebookId + String(granted?.generation ?? 0)} item={item} role={role} live={live} user={user} onItemChange={setItem} />;
}
