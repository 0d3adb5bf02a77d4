import { api } from "../api/client";
import type { components } from "../api/schema";

type Schemas = components["schemas"];
export type AdminUser = Schemas["AdminUser"];
export type AdminRuntime = Schemas["AdminRuntime"];
export type AcceleratorQueue = Schemas["AcceleratorQueue"];

const enc = encodeURIComponent;

/** The admin API (404 to anyone who is not an admin). */
export const adminApi = {
  users: () => api.get<AdminUser[]>("/api/admin/users"),
  changeUser: (id: string, change: { is_admin?: boolean; disabled?: boolean }) => api.patch<AdminUser>(`/api/admin/users/${enc(id)}`, change),
  resetPassword: (id: string, password: string) => api.post<void>(`/api/admin/users/${enc(id)}/password`, { password }),
  runtimes: () => api.get<AdminRuntime[]>("/api/admin/runtimes"),
  stopRuntime: (id: string) => api.delete(`/api/admin/runtimes/${enc(id)}`),
  accelerators: () => api.get<AcceleratorQueue[]>("/api/admin/accelerators"),
};
