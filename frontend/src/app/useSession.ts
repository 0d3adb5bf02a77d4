import { useCallback, useEffect, useState } from "react";
import { authApi } from "../api/endpoints";
import { ApiError, errorMessage } from "../api/errors";
import type { Status, User } from "../api/types";

export type Session =
  | { phase: "loading" }
  | { phase: "signedOut" }
  | { phase: "signedIn"; user: User }
  | { phase: "error"; message: string };

/** Server status plus who is signed in; a 401 from /api/me means "show the sign-in page". */
export function useSession() {
  const [status, setStatus] = useState<Status | null>(null);
  const [session, setSession] = useState<Session>({ phase: "loading" });

  const refresh = useCallback(async () => {
    try {
      setSession({ phase: "signedIn", user: await authApi.me() });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setSession({ phase: "signedOut" });
      else setSession({ phase: "error", message: errorMessage(err) });
    }
  }, []);

  useEffect(() => {
    authApi.status().then(setStatus, () => setStatus(null));
    void refresh();
  }, [refresh]);

  const signedIn = useCallback((user: User) => setSession({ phase: "signedIn", user }), []);
  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setSession({ phase: "signedOut" });
    }
  }, []);

  return { status, session, signedIn, signOut, refresh };
}
