// API types, generated from the server's OpenAPI schema (frontend/openapi.json → schema.d.ts
// with `npm run gen:api`). Do not hand-edit schema.d.ts; regenerate it with `make openapi`.
import type { components } from "./schema";

type Schemas = components["schemas"];

export type User = Schemas["User"];
export type DriveItem = Schemas["DriveItem"];
export type Sharing = Schemas["Sharing"];
export type SharedRole = Schemas["Person"]["role"];
export type Role = DriveItem["role"];
export type Status = Schemas["Status"];
export type TokenCreated = Schemas["TokenCreated"];
export type TokenInfo = Schemas["TokenInfo"];
export type UploadSession = Schemas["UploadSession"];
export type ErrorBody = Schemas["ErrorBody"];
export type CommentThread = Schemas["CommentThread"];

export type ItemKind = DriveItem["kind"];
export type NotebookOrigin = NonNullable<DriveItem["origin"]>;
