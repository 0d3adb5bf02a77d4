/** jsdom lacks a few DOM classes that lumino touches when it loads; tests of the widget code need them. */
export function installLuminoDomShims(): void {
  const scope = globalThis as Record<string, unknown>;
  if (scope.DragEvent === undefined) scope.DragEvent = class DragEvent extends MouseEvent {};
  if (scope.ResizeObserver === undefined) {
    scope.ResizeObserver = class ResizeObserver {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    };
  }
}
