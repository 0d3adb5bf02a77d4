import { useCallback, useSyncExternalStore } from "react";

/** What a component sees of a lazily loaded module. */
export interface LazyState<T> {
  module: T | null;
  failed: boolean;
}

export interface LazyModule<T> {
  /** Loads the module once; every caller shares that load (a failed one is tried again). */
  load(): Promise<T>;
  /** The module if it has loaded, else null. */
  current(): T | null;
  /** For components: the module once loaded; while `wanted`, asks for it (on mount, not during render). */
  use(wanted?: boolean): LazyState<T>;
}

/** A module in its own chunk, shared by the components that need it, loaded on first use. */
export function lazyModule<T>(importer: () => Promise<T>, what: string): LazyModule<T> {
  let state: LazyState<T> = { module: null, failed: false };
  let pending: Promise<T> | null = null;
  const listeners = new Set<() => void>();
  const publish = (next: LazyState<T>) => {
    state = next;
    listeners.forEach((listener) => listener());
  };

  const load = (): Promise<T> => {
    pending ??= importer().then(
      (module) => {
        publish({ module, failed: false });
        return module;
      },
      (error: unknown) => {
        pending = null;
        publish({ module: null, failed: true });
        throw error;
      },
    );
    return pending;
  };

  const use = (wanted = true): LazyState<T> => {
    const subscribe = useCallback(
      (listener: () => void) => {
        listeners.add(listener);
        if (wanted && !state.module) load().catch((error: unknown) => console.error(`${what} could not be loaded`, error));
        return () => listeners.delete(listener);
      },
      [wanted],
    );
    return useSyncExternalStore(subscribe, () => state);
  };

  return { load, current: () => state.module, use };
}
