import { api } from "../api/client";
import type { components } from "../api/schema";

export type SecretInfo = components["schemas"]["SecretOut"];

const enc = encodeURIComponent;
const listeners = new Set<() => void>();

/** Something changed a secret or its access (the panel, the prompt in a cell): lists reload. */
function changed(): void {
  for (const listener of listeners) listener();
}

export function onSecretsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `/api/secrets`: the signed-in user's own secrets, with this notebook's *Notebook access*. */
export const secretsApi = {
  list: (notebookId: string) => api.get<SecretInfo[]>("/api/secrets", { query: { notebook_id: notebookId } }),
  reveal: async (name: string) => (await api.get<{ name: string; value: string }>(`/api/secrets/${enc(name)}`)).value,
  put: async (name: string, value: string) => {
    const saved = await api.put<SecretInfo>(`/api/secrets/${enc(name)}`, { value });
    changed();
    return saved;
  },
  remove: async (name: string) => {
    await api.delete(`/api/secrets/${enc(name)}`);
    changed();
  },
  setAccess: async (name: string, notebookId: string, granted: boolean) => {
    await api.put<void>(`/api/secrets/${enc(name)}/access/${enc(notebookId)}`, { granted });
    changed();
  },
};
