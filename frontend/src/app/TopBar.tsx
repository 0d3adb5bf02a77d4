import { useEffect, useRef, useState } from "react";
import type { User } from "../api/types";
import { Logo } from "../ui/Logo";
import { navigate } from "./router";

interface Props {
  user: User;
  onSignUp: () => void;
  onSignOut: () => void;
  onTokens: () => void;
}

export function TopBar({ user, onSignUp, onSignOut, onTokens }: Props) {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const displayName = user.is_guest ? "Guest" : (user.username ?? "Account");

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  return (
    <header className="topbar">
      <a href="/" className="brand" onClick={(e) => { e.preventDefault(); navigate("/"); }}>
        <Logo />
      </a>
      <div className="topbar-spacer" />
      {user.is_guest && (
        <button type="button" className="button primary" onClick={onSignUp}>
          Sign up
        </button>
      )}
      <div className="account" ref={menu}>
        <button
          type="button"
          className="account-button"
          aria-haspopup="menu"
          aria-expanded={open}
          aria-label={`Account: ${displayName}`}
          onClick={() => setOpen(!open)}
        >
          <span className="avatar" aria-hidden="true">
            {displayName.slice(0, 1).toUpperCase()}
          </span>
          <span className="account-name">{displayName}</span>
        </button>
        {open && (
          <div className="menu" role="menu">
            {!user.is_guest && (
              <button type="button" role="menuitem" onClick={() => { setOpen(false); onTokens(); }}>
                API tokens
              </button>
            )}
            <button type="button" role="menuitem" onClick={() => { setOpen(false); onSignOut(); }}>
              Sign out
            </button>
          </div>
        )}
      </div>
    </header>
  );
}
