import type { XhrLike } from "./transport";

/** A scriptable stand-in for XMLHttpRequest used by the upload tests. */
export class FakeXhr implements XhrLike {
  static instances: FakeXhr[] = [];
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: XMLHttpRequestBodyInit | null | undefined;
  status = 0;
  statusText = "";
  responseText = "";
  withCredentials = false;
  upload: { onprogress: ((ev: ProgressEvent) => void) | null } = { onprogress: null };
  onload: ((ev: ProgressEvent) => void) | null = null;
  onerror: ((ev: ProgressEvent) => void) | null = null;
  onabort: ((ev: ProgressEvent) => void) | null = null;

  constructor() {
    FakeXhr.instances.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body?: XMLHttpRequestBodyInit | null) {
    this.body = body;
  }
  abort() {
    this.onabort?.(new ProgressEvent("abort"));
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.(new ProgressEvent("progress", { loaded, total, lengthComputable: true }));
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = typeof body === "string" ? body : JSON.stringify(body);
    this.onload?.(new ProgressEvent("load"));
  }
}
