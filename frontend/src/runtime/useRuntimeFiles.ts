// One folder of the runtime's /content: its listing and the operations on it.
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "../api/errors";
import { runtimeFilesApi, type RuntimeFile } from "./api";
import type { FolderRequest } from "./filesNavigation";
import { folderNameProblem, joinPath } from "./paths";

interface Place {
  runtimeId: string | null;
  path: string;
}

/** `request`: the folder to show, asked for by the page (files.view); each new request opens its folder. */
export function useRuntimeFiles(runtimeId: string | null, request: FolderRequest | null = null) {
  // The open folder belongs to one runtime: another runtime starts at /content.
  const [place, setPlace] = useState<Place>({ runtimeId, path: request?.path ?? "" });
  useEffect(() => {
    if (request) setPlace({ runtimeId, path: request.path });
  }, [request, runtimeId]);
  const path = place.runtimeId === runtimeId ? place.path : "";
  const [entries, setEntries] = useState<RuntimeFile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const latestRequest = useRef(0);

  const reload = useCallback(async () => {
    if (runtimeId === null) return;
    const request = ++latestRequest.current;
    setLoading(true);
    try {
      const listed = await runtimeFilesApi.list(runtimeId, path);
      if (request !== latestRequest.current) return; // a later listing is on its way
      setEntries(listed);
      setError(null);
    } catch (err) {
      if (request === latestRequest.current) setError(errorMessage(err));
    } finally {
      if (request === latestRequest.current) setLoading(false);
    }
  }, [runtimeId, path]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const open = useCallback((next: string) => setPlace({ runtimeId, path: next }), [runtimeId]);

  const remove = useCallback(
    async (entry: RuntimeFile) => {
      if (runtimeId === null) return;
      await runtimeFilesApi.remove(runtimeId, entry.path);
      await reload();
    },
    [runtimeId, reload],
  );

  const makeFolder = useCallback(
    async (name: string) => {
      if (runtimeId === null) return;
      const problem = folderNameProblem(name);
      if (problem) throw new Error(problem); // shown by the dialog that asked for the name
      await runtimeFilesApi.mkdir(runtimeId, joinPath(path, name));
      await reload();
    },
    [runtimeId, path, reload],
  );

  return { path, open, entries, error, loading, reload, remove, makeFolder };
}
