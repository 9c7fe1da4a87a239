/**
 * Pinpoint's math and encoding helpers: add, subtract, multiply, divide, modulo, ceiling, floor,
 * round, encode64, decode64, md5, sha256, sha512, uuid
 * (Pinpoint user guide, "Using message template helpers", section "Math and encoding helpers").
 *
 * Numbers: arguments may be numbers or numeric text (attributes are text; a one-element list
 * counts as its value). Anything else — including a missing value — fails the render with a
 * message naming the helper, as does dividing by zero. Results are rounded to 8 decimal places,
 * which is what the guide shows (`{{divide 5 2.3}}` → 2.17391304) and which hides binary
 * floating-point noise (`{{add 0.1 0.2}}` → 0.3).
 *
 * Encoding and hashing read the value as UTF-8 text; a missing value gives '' (missing variables
 * render blank). `uuid` uses the render's `randomUUID` source, so tests are deterministic.
 */
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import type Handlebars from 'handlebars';
import { HelperError, activeSession } from './render-session.ts';
import { defineHelper, isMissing, requireArgs, requireNumber, single, text } from './helper-kit.ts';

export function tidyNumber(value: number, helper: string): number {
  if (!Number.isFinite(value)) throw new HelperError(`${helper}: the result is not a finite number`);
  const rounded = Number(value.toFixed(8));
  return Object.is(rounded, -0) ? 0 : rounded;
}

function binary(name: string, operate: (a: number, b: number) => number) {
  return defineHelper((args) => {
    requireArgs(args, name, 2);
    const a = requireNumber(args[0], name, 'the first argument');
    const b = requireNumber(args[1], name, 'the second argument');
    return tidyNumber(operate(a, b), name);
  });
}

function unary(name: string, operate: (a: number) => number) {
  return defineHelper((args) => {
    requireArgs(args, name, 1);
    return tidyNumber(operate(requireNumber(args[0], name)), name);
  });
}

function hashHelper(name: string, algorithm: 'md5' | 'sha256' | 'sha512') {
  return defineHelper((args) => {
    requireArgs(args, name, 1);
    if (isMissing(single(args[0]))) return '';
    return createHash(algorithm).update(text(args[0]), 'utf8').digest('hex');
  });
}

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

export function decodeBase64(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (!base64.test(compact)) {
    throw new HelperError('decode64: the value is not Base64 text');
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

export function registerMathHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('add', binary('add', (a, b) => a + b));
  hb.registerHelper('subtract', binary('subtract', (a, b) => a - b));
  hb.registerHelper('multiply', binary('multiply', (a, b) => a * b));
  hb.registerHelper('divide', binary('divide', (a, b) => {
    if (b === 0) throw new HelperError('divide: cannot divide by zero');
    return a / b;
  }));
  // The remainder keeps the sign of the dividend, with floating points: {{modulo 7.5 2}} → 1.5.
  hb.registerHelper('modulo', binary('modulo', (a, b) => {
    if (b === 0) throw new HelperError('modulo: cannot divide by zero');
    return a % b;
  }));
  hb.registerHelper('ceiling', unary('ceiling', Math.ceil));
  hb.registerHelper('floor', unary('floor', Math.floor));
  // Halves round up (towards positive infinity): 2.5 → 3, -2.5 → -2.
  hb.registerHelper('round', unary('round', Math.round));

  hb.registerHelper('encode64', defineHelper((args) => {
    requireArgs(args, 'encode64', 1);
    return Buffer.from(text(args[0]), 'utf8').toString('base64');
  }));
  hb.registerHelper('decode64', defineHelper((args) => {
    requireArgs(args, 'decode64', 1);
    return decodeBase64(text(args[0]));
  }));
  hb.registerHelper('md5', hashHelper('md5', 'md5'));
  hb.registerHelper('sha256', hashHelper('sha256', 'sha256'));
  hb.registerHelper('sha512', hashHelper('sha512', 'sha512'));
  hb.registerHelper('uuid', defineHelper((args) => {
    requireArgs(args, 'uuid', 0);
    const id = activeSession().randomUUID();
    if (typeof id !== 'string') throw new HelperError('uuid: the random UUID source returned no text');
    return id;
  }));
}
