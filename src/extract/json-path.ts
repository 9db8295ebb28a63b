/** Macie's `Record.jsonPath`: JSONPath with element names truncated as the model documents (240 / 250 chars). */

const MAX_ELEMENT_NAME = 240;
const MAX_PATH = 250;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The step for an object member: `.name`, or `['odd name']` when the name is not an identifier. */
export function memberStep(name: string): string {
  const trimmed = name.length > MAX_ELEMENT_NAME ? name.slice(name.length - MAX_ELEMENT_NAME) : name;
  if (IDENTIFIER.test(trimmed)) return `.${trimmed}`;
  return `['${trimmed.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

export function indexStep(index: number): string {
  return `[${index}]`;
}

/** Truncates a full path from the front, as Macie does, to at most 250 characters. */
export function finishPath(path: string): string {
  return path.length > MAX_PATH ? path.slice(path.length - MAX_PATH) : path;
}
