/**
 * The entries whose value is defined: strict optional property types forbid writing `undefined`
 * into an optional field, and composed messages are built from many optional request members.
 */
export function definedFields<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
