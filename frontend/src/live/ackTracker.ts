/**
 * Bookkeeping behind "Saving…" / "All changes saved". The server answers a SyncStep1 only after
 * storing every update the same connection sent before it, so the answer acknowledges them. One
 * SyncStep1 at a time is enough: changes made while one is answered wait for the next.
 */
export class AckTracker {
  /** Local changes sent (or to send) that no SyncStep1 sent after them covers yet. */
  private uncovered = false;
  /** SyncStep1s sent and not answered yet. */
  private inFlight = 0;

  /** A local change went out (or waits for the socket). */
  changed(): void {
    this.uncovered = true;
  }

  /** Whether a SyncStep1 should go out now: uncovered changes, and none in flight. */
  get shouldRequest(): boolean {
    return this.uncovered && this.inFlight === 0;
  }

  /** A SyncStep1 went out: it covers every change before it. */
  requested(): void {
    this.uncovered = false;
    this.inFlight++;
  }

  /** A SyncStep2 came back. */
  answered(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** The socket closed: what was in flight is unacknowledged, to be sent again. */
  disconnected(): void {
    if (this.inFlight > 0) this.uncovered = true;
    this.inFlight = 0;
  }

  get pending(): boolean {
    return this.uncovered || this.inFlight > 0;
  }
}
