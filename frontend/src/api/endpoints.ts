import { api } from "./client";
import type { DriveItem, Sharing, Status, TokenCreated, TokenInfo, User } from "./types";
import type { Notebook } from "../notebook/nbformat";

const enc = encodeURIComponent;

export interface Credentials {
  username: string;
  password: string;
}

export const authApi = {
  status: () => api.get<Status>("/api/status"),
  me: () => api.get<User>("/api/me"),
  guest: () => api.post<User>("/api/auth/guest"),
  signup: (c: Credentials) => api.post<User>("/api/auth/signup", c),
  login: (c: Credentials) => api.post<User>("/api/auth/login", c),
  logout: () => api.post<void>("/api/auth/logout"),
};

export const driveApi = {
  list: (parent: string | null) => api.get<DriveItem[]>("/api/drive/items", { query: { parent } }),
  listTrash: () => api.get<DriveItem[]>("/api/drive/items", { query: { trashed: true } }),
  get: (id: string) => api.get<DriveItem>(`/api/drive/items/${enc(id)}`),
  path: (id: string) => api.get<DriveItem[]>(`/api/drive/items/${enc(id)}/path`),
  create: (kind: "folder" | "notebook", parent: string | null, name?: string) =>
    api.post<DriveItem>("/api/drive/items", name === undefined ? { kind, parent } : { kind, name, parent }),
  rename: (id: string, name: string) => api.patch<DriveItem>(`/api/drive/items/${enc(id)}`, { name }),
  move: (id: string, parent: string | null) => api.patch<DriveItem>(`/api/drive/items/${enc(id)}`, { parent }),
  trash: (id: string) => api.delete(`/api/drive/items/${enc(id)}`),
  deleteForever: (id: string) => api.delete(`/api/drive/items/${enc(id)}`, { query: { permanent: true } }),
  restore: (id: string) => api.post<DriveItem>(`/api/drive/items/${enc(id)}/restore`),
  contentUrl: (id: string) => `/api/drive/items/${enc(id)}/content`,
  shared: () => api.get<DriveItem[]>("/api/drive/shared"),
  sharing: (id: string) => api.get<Sharing>(`/api/drive/items/${enc(id)}/sharing`),
  share: (id: string, sharing: Sharing) => api.put<Sharing>(`/api/drive/items/${enc(id)}/sharing`, sharing),
};

export const notebooksApi = {
  get: (id: string) => api.get<Notebook>(`/api/notebooks/${enc(id)}`),
};

export const tokensApi = {
  list: () => api.get<TokenInfo[]>("/api/tokens"),
  create: (name: string) => api.post<TokenCreated>("/api/tokens", { name }),
  remove: (id: string) => api.delete(`/api/tokens/${enc(id)}`),
};
