import { act, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { lazyModule } from "./lazyModule";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("lazyModule", () => {
  it("loads once for every caller and shows the module to components once it is there", async () => {
    const chunk = deferred<{ greet: string }>();
    const importer = vi.fn(() => chunk.promise);
    const greeting = lazyModule(importer, "Greeting");
    function Greeting() {
      const { module } = greeting.use();
      return <p>{module ? module.greet : "loading"}</p>;
    }
    render(
      <>
        <Greeting />
        <Greeting />
      </>,
    );
    expect(screen.getAllByText("loading")).toHaveLength(2);
    expect(importer).toHaveBeenCalledTimes(1);
    await act(async () => chunk.resolve({ greet: "hello" }));
    expect(screen.getAllByText("hello")).toHaveLength(2);
    expect(greeting.current()).toEqual({ greet: "hello" });
    await greeting.load();
    expect(importer).toHaveBeenCalledTimes(1);
  });

  it("does not ask while not wanted", () => {
    const importer = vi.fn(() => new Promise<never>(() => undefined));
    const chunk = lazyModule(importer, "Chunk");
    function Page({ wanted }: { wanted: boolean }) {
      chunk.use(wanted);
      return null;
    }
    const { rerender } = render(<Page wanted={false} />);
    expect(importer).not.toHaveBeenCalled();
    rerender(<Page wanted />);
    expect(importer).toHaveBeenCalledTimes(1);
  });

  it("reports a failed load to components and tries again on the next load", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const importer = vi.fn().mockRejectedValueOnce(new Error("offline")).mockResolvedValueOnce({ ok: true });
    const chunk = lazyModule<{ ok: boolean }>(importer, "Chunk");
    function Page() {
      const { module, failed } = chunk.use();
      return <p>{failed ? "failed" : module ? "ready" : "loading"}</p>;
    }
    render(<Page />);
    expect(await screen.findByText("failed")).toBeTruthy();
    expect(error).toHaveBeenCalledWith("Chunk could not be loaded", expect.any(Error));
    await act(async () => void (await chunk.load()));
    expect(screen.getByText("ready")).toBeTruthy();
    expect(importer).toHaveBeenCalledTimes(2);
    error.mockRestore();
  });
});
