/**
 * Jupyter counts cursor positions in unicode code points; CodeMirror (and JS strings) in UTF-16
 * code units. These convert between the two.
 */
export function toCodePointOffset(text: string, utf16Offset: number): number {
  return [...text.slice(0, utf16Offset)].length;
}

export function toUtf16Offset(text: string, codePointOffset: number): number {
  let units = 0;
  let points = 0;
  for (const ch of text) {
    if (points >= codePointOffset) break;
    units += ch.length;
    points++;
  }
  return units;
}
