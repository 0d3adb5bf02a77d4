/** Awareness identity: a person's name and a stable colour derived from it. */
export interface AwarenessUser {
  name: string;
  color: string;
  colorLight: string;
}

const PALETTE = ["#1a73e8", "#d93025", "#188038", "#e37400", "#9334e6", "#007b83", "#c5221f", "#b06000"];

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return Math.abs(h);
}

export function awarenessUser(name: string, seed: string = name): AwarenessUser {
  const color = PALETTE[hash(seed) % PALETTE.length] ?? "#1a73e8";
  return { name, color, colorLight: `${color}33` };
}
