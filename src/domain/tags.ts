/**
 * AWS tagging rules, as Pinpoint enforces them: at most 50 tags per resource; keys 1–128
 * characters, values 0–256; letters, digits, spaces and `_ . : / = + - @`; the `aws:` prefix is
 * reserved in keys and values. Pure: returns what is wrong, the caller picks the error.
 */

export const maxTagsPerResource = 50;
const maxKeyLength = 128;
const maxValueLength = 256;
const allowed = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function tagKeyProblem(key: string): string | undefined {
  const length = [...key].length;
  if (length < 1) return 'Tag keys must not be empty';
  if (length > maxKeyLength) return `Tag key '${key.slice(0, 32)}…' is longer than ${maxKeyLength} characters`;
  if (!allowed.test(key)) return `Tag key '${key}' contains characters other than letters, digits, spaces and _ . : / = + - @`;
  if (key.toLowerCase().startsWith('aws:')) return `Tag key '${key}' uses the reserved prefix aws:`;
  return undefined;
}

export function tagValueProblem(key: string, value: string): string | undefined {
  if ([...value].length > maxValueLength) return `Value of tag '${key}' is longer than ${maxValueLength} characters`;
  if (!allowed.test(value)) return `Value of tag '${key}' contains characters other than letters, digits, spaces and _ . : / = + - @`;
  // Pinpoint reserves the prefix in tag values as well as keys.
  if (value.toLowerCase().startsWith('aws:')) return `Value of tag '${key}' uses the reserved prefix aws:`;
  return undefined;
}

/** Every problem with a set of tags to add, or [] when they are acceptable. */
export function tagProblems(tags: Record<string, string>): string[] {
  const problems: string[] = [];
  const entries = Object.entries(tags);
  if (entries.length > maxTagsPerResource) problems.push(`At most ${maxTagsPerResource} tags are allowed per resource; ${entries.length} were given`);
  for (const [key, value] of entries) {
    const keyProblem = tagKeyProblem(key);
    if (keyProblem) problems.push(keyProblem);
    const valueProblem = tagValueProblem(key, value);
    if (valueProblem) problems.push(valueProblem);
  }
  return problems;
}
