import { useCallback, useEffect, useState } from "react";
import { errorMessage } from "../api/errors";
import { Modal, ModalActions } from "../ui/Modal";
import { adminApi, type AcceleratorQueue, type AdminRuntime, type AdminUser } from "./adminApi";
import "./admin.css";

interface Data {
  users: AdminUser[];
  runtimes: AdminRuntime[];
  accelerators: AcceleratorQueue[];
}

function age(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

function usageText(runtime: AdminRuntime): string {
  const usage = runtime.usage;
  if (!usage) return "—";
  const memory = usage.memory_limit_bytes ? `${mib(usage.memory_bytes)} / ${mib(usage.memory_limit_bytes)}` : mib(usage.memory_bytes);
  return `RAM ${memory}, CPU ${usage.cpu_percent.toFixed(0)}%, disk ${mib(usage.disk_bytes)}`;
}

function PasswordDialog({ user, onClose, onDone }: { user: AdminUser; onClose(): void; onDone(): void }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    adminApi
      .resetPassword(user.id, password)
      .then(onDone)
      .catch((err: unknown) => setError(errorMessage(err)));
  };
  return (
    <Modal title={`Reset the password of ${user.username ?? "Guest"}`} onClose={onClose} footer={<ModalActions onCancel={onClose} onConfirm={save} label="Set password" disabled={!password} />}>
      <label className="admin-field">
        New password
        <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <p className="admin-note">They are signed out everywhere and their API tokens stop working.</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}

/** The admin page: accounts, every runtime on the machine, the accelerator queue. */
export function AdminPage() {
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);

  const load = useCallback(() => {
    Promise.all([adminApi.users(), adminApi.runtimes(), adminApi.accelerators()])
      .then(([users, runtimes, accelerators]) => setData({ users, runtimes, accelerators }))
      .catch((err: unknown) => setError(errorMessage(err)));
  }, []);
  useEffect(load, [load]);

  const act = (work: Promise<unknown>, done: string) => {
    setNotice(null);
    work
      .then(() => {
        setNotice(done);
        load();
      })
      .catch((err: unknown) => setNotice(errorMessage(err)));
  };

  if (error) return <p className="drive-empty">{error}</p>;
  if (!data) return <div aria-busy="true" />;
  const name = (u: AdminUser) => u.username ?? "Guest";
  return (
    <div className="admin-page">
      <h1>Administration</h1>
      {notice && (
        <p className="admin-notice" role="status">
          {notice}
        </p>
      )}
      <section aria-labelledby="admin-users">
        <h2 id="admin-users">Users</h2>
        <table className="admin-table" aria-label="Users">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Status</th>
              <th>Runtimes</th>
              <th>Joined</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {data.users.map((u) => (
              <tr key={u.id} aria-label={name(u)}>
                <td>{name(u)}</td>
                <td>{u.is_admin ? "Admin" : u.is_guest ? "Guest" : "User"}</td>
                <td>{u.disabled ? "Disabled" : "Active"}</td>
                <td>{u.runtimes}</td>
                <td>{new Date(u.created_at).toLocaleDateString()}</td>
                <td className="admin-actions">
                  {!u.is_guest && (
                    <button type="button" className="button small" onClick={() => act(adminApi.changeUser(u.id, { is_admin: !u.is_admin }), `${name(u)} is ${u.is_admin ? "no longer" : "now"} an admin.`)}>
                      {u.is_admin ? "Remove admin" : "Make admin"}
                    </button>
                  )}
                  <button type="button" className="button small" onClick={() => act(adminApi.changeUser(u.id, { disabled: !u.disabled }), `${name(u)} is ${u.disabled ? "enabled" : "disabled"}.`)}>
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                  {!u.is_guest && (
                    <button type="button" className="button small" onClick={() => setResetting(u)}>
                      Reset password
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="admin-runtimes">
        <h2 id="admin-runtimes">Runtimes</h2>
        {data.runtimes.length === 0 ? (
          <p className="admin-note">No runtime is running.</p>
        ) : (
          <table className="admin-table" aria-label="Runtimes">
            <thead>
              <tr>
                <th>Owner</th>
                <th>Type</th>
                <th>State</th>
                <th>Age</th>
                <th>Usage</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {data.runtimes.map((r) => (
                <tr key={r.id} aria-label={`${r.owner}'s ${r.runtime_type} runtime`}>
                  <td>{r.owner}</td>
                  <td>
                    {r.runtime_type}
                    {r.accelerator ? ` (${r.accelerator.kind} ${r.accelerator.devices.join(", ")})` : ""}
                  </td>
                  <td>{r.state}</td>
                  <td>{age(r.age_seconds)}</td>
                  <td>{usageText(r)}</td>
                  <td className="admin-actions">
                    <button type="button" className="button small danger" onClick={() => act(adminApi.stopRuntime(r.id), `${r.owner}'s runtime was stopped.`)}>
                      Stop
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="admin-queue">
        <h2 id="admin-queue">Accelerator queue</h2>
        {data.accelerators.length === 0 && <p className="admin-note">This machine has no accelerators.</p>}
        {data.accelerators.map((a) => (
          <div key={a.kind} className="admin-queue">
            <p>
              {a.kind.toUpperCase()}: {a.free} of {a.total} free, {a.queue.length} waiting
            </p>
            {a.queue.length > 0 && (
              <ol aria-label={`${a.kind.toUpperCase()} queue`}>
                {a.queue.map((q) => (
                  <li key={q.runtime_id}>
                    {q.owner} ({q.runtime_type}), waiting since {new Date(q.waiting_since).toLocaleTimeString()}
                  </li>
                ))}
              </ol>
            )}
          </div>
        ))}
      </section>
      {resetting && (
        <PasswordDialog
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            setNotice(`A new password is set for ${name(resetting)}.`);
            setResetting(null);
          }}
        />
      )}
    </div>
  );
}
