/**
 * Collects what is wrong with a request, in AWS's validation wording
 * ("Value 'x' at 'Path' failed to satisfy constraint: Member must …"), so one response can name
 * every offending member.
 */
export interface ValidationIssue {
  path: string;
  message: string;
}

const sensitiveMemberName = /secret|password|credential|privatekey|token|apikey|json|otp|verificationcode|certificate/i;

/**
 * Sets an own, enumerable property even for keys such as `__proto__`, which a plain assignment
 * would turn into a prototype change (and so drop a map entry such as a tag named `__proto__`).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // Only `__proto__` needs defineProperty; plain assignment is the same for every other key on a
  // plain object and much cheaper (defineProperty turns objects with many keys into slow dictionaries).
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** How a rejected value is quoted back: truncated, and never for members that may hold secrets. */
export function describeValue(path: string, value: unknown): string {
  if (value === undefined || value === null) return 'null';
  // Any segment counts: inside a map the last segment is a key, the member is further up.
  if (path.split(/[.[]/).some((segment) => sensitiveMemberName.test(segment))) return "'***'";
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else text = JSON.stringify(value) ?? String(value);
  return `'${text.length > 64 ? `${text.slice(0, 64)}…` : text}'`;
}

export class IssueList {
  readonly issues: ValidationIssue[] = [];

  constraint(path: string, value: unknown, constraint: string): void {
    this.issues.push({
      path,
      message: `Value ${describeValue(path, value)} at '${path}' failed to satisfy constraint: ${constraint}`,
    });
  }

  get empty(): boolean {
    return this.issues.length === 0;
  }

  /** "1 validation error detected: …" / "N validation errors detected: …; …" */
  summary(): string {
    const n = this.issues.length;
    return `${n} validation error${n === 1 ? '' : 's'} detected: ${this.issues.map((i) => i.message).join('; ')}`;
  }
}

export function joinPath(parent: string, child: string): string {
  return parent === '' ? child : `${parent}.${child}`;
}
