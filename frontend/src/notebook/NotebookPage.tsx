import { useEffect, useState } from "react";
import { driveApi } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { DriveItem, User } from "../api/types";
import { ErrorPage } from "../app/ErrorPage";
import { takeItem } from "../app/prefetch";
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

/** The notebook editor page: the Drive item, the live document, then the workspace. */
export function NotebookPage({ id, user }: Props) {
  const [item, setItem] = useState<DriveItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Opened beside the Drive lookup (not after it), and closed again if that finds no notebook.
  const live = useLiveNotebook(error ? null : id, displayName(user), String(user.id));

  useEffect(() => {
    let current = true;
    setError(null);
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

  if (error) return <ErrorPage message={error} className="notebook-page" />;
  if (!item || !live) return <main className="notebook-page loading" aria-busy="true" />;
  return <NotebookWorkspace item={item} live={live} user={user} onItemChange={setItem} />;
}
