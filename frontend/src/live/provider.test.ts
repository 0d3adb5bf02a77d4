import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { backoffDelay } from "./backoff";
import { FakeServer } from "./fakeSocket";
import { LiveProvider, type ProviderState } from "./provider";

const providers: LiveProvider[] = [];

function client(server: FakeServer): LiveProvider {
  const provider = new LiveProvider({
    url: "ws://test/api/notebooks/n1/sync",
    doc: new Y.Doc(),
    createSocket: server.factory,
    backoff: { initialMs: 100, maxMs: 1000, jitter: 0 },
  });
  providers.push(provider);
  return provider;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

afterEach(() => {
  for (const p of providers.splice(0)) {
    p.destroy();
    p.awareness.destroy();
  }
  vi.useRealTimers();
});

describe("LiveProvider", () => {
  it("syncs the server's document on connect", async () => {
    const server = new FakeServer();
    server.doc.getText("t").insert(0, "from server");
    const a = client(server);
    expect(a.current).toMatchObject({ connected: false, save: "offline" });
    server.openAll();
    await settle();
    expect(a.doc.getText("t").toString()).toBe("from server");
    expect(a.current).toEqual({ connected: true, synced: true, save: "saved" });
  });

  it("makes two documents converge through the relay", async () => {
    const server = new FakeServer();
    const a = client(server);
    const b = client(server);
    server.openAll();
    await settle();
    a.doc.getText("t").insert(0, "hello ");
    b.doc.getText("t").insert(0, "world");
    await settle();
    expect(a.doc.getText("t").toString()).toBe(b.doc.getText("t").toString());
    expect(server.doc.getText("t").toString()).toHaveLength("hello world".length);
  });

  it("reports saving until the server acknowledges stored changes", async () => {
    const server = new FakeServer();
    const a = client(server);
    server.openAll();
    await settle();
    const states: ProviderState["save"][] = [];
    a.onState((s) => states.push(s.save));
    server.holdAcks = true;
    a.doc.getText("t").insert(0, "x");
    await settle();
    expect(a.current.save).toBe("saving");
    server.releaseAcks();
    await settle();
    expect(a.current.save).toBe("saved");
    expect(states).toEqual(["saving", "saved"]);
  });

  it("asks for one acknowledgement at a time however fast the changes come", async () => {
    const server = new FakeServer();
    const a = client(server);
    server.openAll();
    await settle();
    const before = server.step1Received;
    server.holdAcks = true;
    for (const ch of "hello") {
      a.doc.getText("t").insert(0, ch);
      await settle();
    }
    expect(server.step1Received - before).toBe(1);
    server.releaseAcks();
    await settle();
    expect(server.step1Received - before).toBe(2);
    server.releaseAcks();
    await settle();
    expect(a.current.save).toBe("saved");
    expect(server.doc.getText("t").toString()).toBe("olleh");
  });

  it("tells when local changes are stored", async () => {
    const server = new FakeServer();
    const a = client(server);
    server.openAll();
    await settle();
    await expect(a.whenSaved()).resolves.toBeUndefined();
    server.holdAcks = true;
    a.doc.getText("t").insert(0, "x");
    await settle();
    let saved = false;
    void a.whenSaved().then(() => (saved = true));
    await settle();
    expect(saved).toBe(false);
    server.releaseAcks();
    await settle();
    expect(saved).toBe(true);
  });

  it("reconnects with backoff and sends changes made while offline", async () => {
    vi.useFakeTimers();
    const server = new FakeServer();
    const a = client(server);
    server.openAll();
    await settle();
    [...server.sockets][0]?.drop();
    expect(a.current.save).toBe("offline");
    a.doc.getText("t").insert(0, "offline edit");
    expect(a.current.save).toBe("offline");
    expect(server.sockets.size).toBe(0);
    vi.advanceTimersByTime(100);
    expect(server.sockets.size).toBe(1);
    server.openAll();
    await settle();
    expect(server.doc.getText("t").toString()).toBe("offline edit");
    expect(a.current.save).toBe("saved");
  });

  it("shares awareness states and forgets them when the connection drops", async () => {
    const server = new FakeServer();
    const a = client(server);
    const b = client(server);
    server.openAll();
    await settle();
    a.awareness.setLocalStateField("user", { name: "Ada" });
    const seen = [...b.awareness.getStates().values()].map((s) => (s.user as { name?: string } | undefined)?.name);
    expect(seen).toContain("Ada");
    [...server.sockets][1]?.drop();
    expect([...b.awareness.getStates().keys()]).toEqual([b.doc.clientID]);
  });

  it("passes text frames to listeners and drops sends while closed", async () => {
    const server = new FakeServer();
    const a = client(server);
    const texts: string[] = [];
    a.onText((t) => texts.push(t));
    expect(a.sendText("early")).toBe(false);
    server.openAll();
    [...server.sockets][0]?.deliver('{"type":"reply"}');
    expect(texts).toEqual(['{"type":"reply"}']);
    expect(a.sendText("hi")).toBe(true);
  });
});

describe("backoffDelay", () => {
  it("grows exponentially up to the cap", () => {
    const opts = { initialMs: 100, maxMs: 1000, jitter: 0 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, opts))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it("spreads delays with jitter below the nominal delay", () => {
    expect(backoffDelay(0, { initialMs: 1000, maxMs: 5000, jitter: 0.5 }, () => 0)).toBe(500);
  });
});
