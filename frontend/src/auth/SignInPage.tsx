import { useState } from "react";
import { authApi } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { Status, User } from "../api/types";
import { Logo } from "../ui/Logo";
import { AuthForm, type AuthMode } from "./AuthForm";

interface Props {
  status: Status | null;
  onSignedIn: (user: User) => void;
}

export function SignInPage({ status, onSignedIn }: Props) {
  const [mode, setMode] = useState<AuthMode>("signin");
  const [guestError, setGuestError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signupAllowed = status?.signup_allowed ?? true;
  const guestsAllowed = status?.guests_allowed ?? false;

  async function guest() {
    setBusy(true);
    setGuestError(null);
    try {
      onSignedIn(await authApi.guest());
    } catch (err) {
      setGuestError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <main className="signin-page">
      <div className="signin-card">
        <Logo />
        <h1>{mode === "signin" ? "Sign in" : "Create account"}</h1>
        <p className="muted">
          {mode === "signin" ? "to continue to Collaboratory" : "Your notebooks stay on this server."}
        </p>
        <AuthForm key={mode} mode={mode} onDone={onSignedIn} />
        {signupAllowed && (
          <p className="switch-mode">
            {mode === "signin" ? "New here? " : "Already have an account? "}
            <button type="button" className="link-button" onClick={() => setMode(mode === "signin" ? "signup" : "signin")}>
              {mode === "signin" ? "Create account" : "Sign in instead"}
            </button>
          </p>
        )}
        {guestsAllowed && (
          <>
            <div className="divider">
              <span>or</span>
            </div>
            <button type="button" className="button wide" onClick={() => void guest()} disabled={busy}>
              Continue as guest
            </button>
            {guestError && (
              <p className="form-error" role="alert">
                {guestError}
              </p>
            )}
          </>
        )}
      </div>
    </main>
  );
}
