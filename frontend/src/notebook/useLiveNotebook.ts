import { useEffect, useState } from "react";
import { takeSocket } from "../app/prefetch";
import { openLiveNotebook, type LiveNotebook } from "../live/liveNotebook";
import { browserSocket } from "../live/socket";

/**
 * Opens the notebook's live document for as long as the page shows it (null id: none); a new
 * `generation` opens it afresh (a resync from the server, dropping whatever was local only).
 */
export function useLiveNotebook(notebookId: string | null, userName: string, userSeed: string, generation = 0): LiveNotebook | null {
  const [live, setLive] = useState<LiveNotebook | null>(null);
  useEffect(() => {
    if (notebookId === null) return;
    const opened = openLiveNotebook(notebookId, {
      userName,
      userSeed,
      // The router's early socket first (only on the first open: a resync needs a new one).
      createSocket: (url) => (generation === 0 ? takeSocket(url) : null) ?? browserSocket(url),
    });
    setLive(opened);
    return () => {
      setLive(null);
      opened.dispose();
    };
  }, [notebookId, userName, userSeed, generation]);
  return live;
}
