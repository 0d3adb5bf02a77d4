import { useCallback, useEffect, useState } from "react";
import { Modal } from "../ui/Modal";
import { errorMessage } from "../api/errors";
import { runtimeApi, type RuntimeInfo, type RuntimeUsage } from "./api";
import { formatBytes } from "./status";
import "./runtime.css";

interface Session {
  runtime: RuntimeInfo;
  notebookName: string;
  usage: RuntimeUsage | null;
}

async function describe(runtime: RuntimeInfo): Promise<Session> {
  const [notebook, usage] = await Promise.all([
    runtime.notebook_id ? runtimeApi.notebook(runtime.notebook_id).catch(() => null) : Promise.resolve(null),
    runtime.state === "ready" || runtime.state === "busy" ? runtimeApi.usage(runtime.id).catch(() => null) : Promise.resolve(null),
  ]);
  const notebookName = notebook?.name ?? (runtime.notebook_id ? "(notebook not found)" : "(no notebook)");
  return { runtime, notebookName, usage };
}

/** Runtime › Manage sessions: every runtime of mine, each with a Terminate button. */
export function ManageSessionsDialog({ onClose }: { onClose: () => void }) {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [terminating, setTerminating] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setSessions(await Promise.all((await runtimeApi.list()).map(describe)));
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function terminate(id: string) {
    setTerminating(id);
    try {
      await runtimeApi.remove(id);
      setSessions((s) => s?.filter((x) => x.runtime.id !== id) ?? null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setTerminating(null);
    }
  }

  const footer = (
    <button type="button" className="button" onClick={onClose}>
      Close
    </button>
  );
  return (
    <Modal title="Active sessions" onClose={onClose} footer={footer}>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {sessions === null && !error && <p className="runtime-muted">Loading sessions…</p>}
      {sessions?.length === 0 && <p className="runtime-muted">No runtimes are running.</p>}
      {sessions && sessions.length > 0 && (
        <table className="runtime-sessions">
          <thead>
            <tr>
              <th scope="col">Notebook</th>
              <th scope="col">Type</th>
              <th scope="col">State</th>
              <th scope="col">RAM</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map(({ runtime, notebookName, usage }) => (
              <tr key={runtime.id}>
                <td>{notebookName}</td>
                <td>{runtime.runtime_type}</td>
                <td>{runtime.state === "queued" && runtime.queue_position ? `queued (#${runtime.queue_position})` : runtime.state}</td>
                <td>{usage ? formatBytes(usage.memory_bytes) : "—"}</td>
                <td>
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Terminate ${notebookName}`}
                    disabled={terminating === runtime.id}
                    onClick={() => void terminate(runtime.id)}
                  >
                    Terminate
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}
