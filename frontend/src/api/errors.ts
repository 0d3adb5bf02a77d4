/** An error answered by the server (or the network), carrying the server's code and message. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Turns an error response body (already parsed JSON, or raw text) into an ApiError. */
export function parseErrorBody(status: number, body: unknown, statusText = ""): ApiError {
  if (isRecord(body) && isRecord(body.error)) {
    const { code, message } = body.error;
    if (typeof code === "string" && typeof message === "string") {
      return new ApiError(status, code, message);
    }
  }
  // FastAPI's default shape, in case something slips through: {"detail": "..."}.
  if (isRecord(body) && typeof body.detail === "string") {
    return new ApiError(status, `http_${status}`, body.detail);
  }
  const text = typeof body === "string" && body.trim() !== "" && body.length < 300 ? body.trim() : "";
  return new ApiError(status, `http_${status}`, text || statusText || `Request failed (HTTP ${status})`);
}

/** Parses a response text as JSON when possible, else returns it unchanged. */
export function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
