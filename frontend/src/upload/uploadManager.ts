import { errorMessage } from "../api/errors";
import type { DriveItem } from "../api/types";
import { xhrTransport, type Transport } from "./transport";
import { uploadFile, type UploadLimits } from "./uploadFile";

export type UploadState = "uploading" | "done" | "error";

export interface UploadTask {
  id: number;
  name: string;
  loaded: number;
  total: number;
  state: UploadState;
  error?: string;
  item?: DriveItem;
}

type Listener = () => void;

/** Keeps the list of uploads in flight (and finished ones until dismissed) for the progress panel. */
export class UploadManager {
  private tasks: UploadTask[] = [];
  private listeners = new Set<Listener>();
  private nextId = 1;

  constructor(
    private readonly getLimits: () => UploadLimits,
    private readonly transport: Transport = xhrTransport(),
  ) {}

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): UploadTask[] => this.tasks;

  /** Starts uploading every file into `parent`; resolves when all are settled. */
  async add(files: Iterable<File>, parent: string | null, onUploaded?: (item: DriveItem) => void): Promise<void> {
    const jobs = Array.from(files, (file) => this.run(file, parent, onUploaded));
    await Promise.all(jobs);
  }

  dismiss(id: number): void {
    this.set(this.tasks.filter((t) => t.id !== id));
  }

  clearFinished(): void {
    this.set(this.tasks.filter((t) => t.state === "uploading"));
  }

  private async run(file: File, parent: string | null, onUploaded?: (item: DriveItem) => void): Promise<void> {
    const id = this.nextId++;
    this.set([...this.tasks, { id, name: file.name, loaded: 0, total: file.size, state: "uploading" }]);
    try {
      const item = await uploadFile(file, {
        parent,
        limits: this.getLimits(),
        transport: this.transport,
        onProgress: (loaded, total) => this.update(id, { loaded, total }),
      });
      this.update(id, { state: "done", loaded: file.size, item });
      onUploaded?.(item);
    } catch (err) {
      this.update(id, { state: "error", error: errorMessage(err) });
    }
  }

  private update(id: number, patch: Partial<UploadTask>): void {
    this.set(this.tasks.map((t) => (t.id === id ? { ...t, ...patch } : t)));
  }

  private set(tasks: UploadTask[]): void {
    this.tasks = tasks;
    for (const l of this.listeners) l();
  }
}
