// Runtime type ids as *Change runtime type* offers them: an accelerator choice and a shape.
import type { RuntimeTypeInfo } from "./api";

export const HIGH_RAM_SUFFIX = "-highram";
export type Shape = "standard" | "highram";

export function baseTypeId(typeId: string): string {
  return typeId.endsWith(HIGH_RAM_SUFFIX) ? typeId.slice(0, -HIGH_RAM_SUFFIX.length) : typeId;
}

export function shapeOf(typeId: string): Shape {
  return typeId.endsWith(HIGH_RAM_SUFFIX) ? "highram" : "standard";
}

export function typeIdOf(base: string, shape: Shape): string {
  return shape === "highram" ? `${base}${HIGH_RAM_SUFFIX}` : base;
}

/** The accelerator choices: every type that is not a High-RAM variant, in the server's order. */
export function acceleratorChoices(types: readonly RuntimeTypeInfo[]): RuntimeTypeInfo[] {
  return types.filter((t) => shapeOf(t.id) === "standard");
}

/** The type a base + shape names, when the server offers it. */
export function findType(types: readonly RuntimeTypeInfo[], base: string, shape: Shape): RuntimeTypeInfo | undefined {
  return types.find((t) => t.id === typeIdOf(base, shape));
}

/** "CPU" for a type named "CPU (High-RAM)"; the accelerator's name for the radio's label. */
export function choiceLabel(type: RuntimeTypeInfo): string {
  return type.name.replace(/\s*\(High-RAM\)\s*$/i, "");
}

export function memoryLabel(type: RuntimeTypeInfo): string {
  const gb = type.memory_mb / 1024;
  return `${Number.isInteger(gb) ? gb : gb.toFixed(1)} GB RAM`;
}
