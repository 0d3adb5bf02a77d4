import { useEffect, useState } from "react";
import { takeSocket } from "../app/prefetch";
import { openLiveNotebook, type LiveNotebook } from "../live/liveNotebook";
import { browserSocket } from "../live/socket";

/** Opens the notebook's live document for as long as the page shows it (null id: none). */
export function useLiveNotebook(notebookId: string | null, userName: string, userSeed: string): LiveNotebook | null {
  const [live, setLive] = useState<LiveNotebook | null>(null);
  useEffect(() => {
    if (notebookId === null) return;
    const opened = openLiveNotebook(notebookId, {
      userName,
      userSeed,
      createSocket: (url) => takeSocket(url) ?? browserSocket(url), // the router's early one first
    });
    setLive(opened);
    return () => {
      setLive(null);
      opened.dispose();
    };
  }, [notebookId, userName, userSeed]);
  return live;
}
