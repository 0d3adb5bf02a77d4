/** A shortcut such as "Ctrl+M B" as keycaps: one <kbd> per key, chords separated by spaces. */
export function Shortcut({ keys }: { keys: string }) {
  const chords = keys.split(" ").filter(Boolean);
  return (
    <span className="chrome-shortcut">
      {chords.map((chord, c) => (
        <span key={c} className="chrome-chord">
          {chord.split(/\+(?!$)/).map((key, k) => (
            <kbd key={k}>{key}</kbd>
          ))}
        </span>
      ))}
    </span>
  );
}
