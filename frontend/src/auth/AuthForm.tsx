import { useId, useState, type FormEvent } from "react";
import { authApi } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { User } from "../api/types";

export type AuthMode = "signin" | "signup";

interface Props {
  mode: AuthMode;
  onDone: (user: User) => void;
  onCancel?: () => void;
}

/** Username + password form for signing in or creating an account; errors are shown inline. */
export function AuthForm({ mode, onDone, onCancel }: Props) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const credentials = { username: username.trim(), password };
      const user = mode === "signin" ? await authApi.login(credentials) : await authApi.signup(credentials);
      onDone(user);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form className="auth-form" onSubmit={(e) => void submit(e)} aria-describedby={error ? errorId : undefined}>
      <label className="field">
        <span>Username</span>
        <input
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
          autoFocus
        />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          name="password"
          type="password"
          autoComplete={mode === "signin" ? "current-password" : "new-password"}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {error && (
        <p className="form-error" role="alert" id={errorId}>
          {error}
        </p>
      )}
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {mode === "signin" ? "Sign in" : "Create account"}
        </button>
      </div>
    </form>
  );
}
