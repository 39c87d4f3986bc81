// The JSON the CLI prints, in one place so every command (and get-token's cache fast path) writes the same
// bytes: 2-space indented with a final newline (json), or one compact line (ndjson), with the characters
// JSON leaves raw escaped for the terminal (core/terminal-text.ts). Pure.
import { escapeJsonText } from './terminal-text.ts';

/** Indented JSON and a newline: `-o json`. */
export function jsonText(value: unknown): string {
  return `${escapeJsonText(JSON.stringify(value ?? null, null, 2))}\n`;
}

/** One compact line of JSON: an `-o ndjson` record. */
export function jsonLine(value: unknown): string {
  return `${escapeJsonText(JSON.stringify(value ?? null))}\n`;
}
