import { Modal } from "../ui/Modal";
import type { User } from "../api/types";
import { AuthForm } from "./AuthForm";

/** Lets a guest create an account; the server moves the guest's notebooks into it. */
export function GuestSignupDialog({ onDone, onClose }: { onDone: (user: User) => void; onClose: () => void }) {
  return (
    <Modal title="Create an account" onClose={onClose}>
      <p className="muted">Your notebooks from this guest session move into the new account.</p>
      <AuthForm mode="signup" onDone={onDone} onCancel={onClose} />
    </Modal>
  );
}
