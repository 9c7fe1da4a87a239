// Shared by the identity-store suites (test/integration/iam-storage-*.test.ts): records to create,
// assertions on refusals and pages, and the suite that opens the store on both targets.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe } from 'node:test';
import { IamConflictError } from '../../src/storage/iam-repository.ts';
import type { EntityKind, IamEntityRecord, IamRepository, ManagedPolicyRecord, Page } from '../../src/storage/iam-repository.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import { storageTargets } from './storage-targets.ts';
import type { StorageTarget } from './storage-targets.ts';

// ---- the suite ----

/** What a suite's tests work on; the fields are set once the suite's `before` hook has run. */
export interface IamStorageSuite {
  readonly target: StorageTarget;
  options: StorageOptions;
  storage: Storage;
  iam: IamRepository;
}

/**
 * Defines `body` twice, as the suite "iam storage on <kind>: <topic>" for SQLite and for
 * PostgreSQL, each on one database opened (and migrated) before its tests and removed after them.
 * Read `suite.iam` and the others inside hooks and tests, not while defining them.
 */
export function describeIamStorage(topic: string, body: (suite: IamStorageSuite) => void): void {
  const { sqlite, postgres } = storageTargets('iam');
  for (const target of [sqlite, postgres] as StorageTarget[]) {
    describe(`iam storage on ${target.kind}: ${topic}`, () => {
      const suite = { target } as IamStorageSuite;

      before(async () => {
        suite.options = await target.fresh();
        suite.storage = await openStorage(suite.options);
        suite.iam = suite.storage.repositories.iam;
      });

      after(async () => {
        await suite.storage?.close();
        await target.cleanup();
      });

      body(suite);
    });
  }
}

// ---- records ----

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function suffix(length: number): string {
  return Array.from(randomBytes(length), (b) => ALPHABET[b % ALPHABET.length]).join('');
}

export function randomAccount(): string {
  return String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999));
}

const idPrefix: Record<EntityKind, string> = { user: 'AIDA', group: 'AGPA', role: 'AROA' };

export function makeEntity(accountId: string, kind: EntityKind, name: string, overrides: Partial<IamEntityRecord> = {}): IamEntityRecord {
  const path = overrides.path ?? '/';
  return {
    kind,
    id: `${idPrefix[kind]}${suffix(17)}`,
    name,
    path,
    arn: `arn:aws:iam::${accountId}:${kind}${path}${name}`,
    createDate: new Date('2026-11-23T14:17:09.123Z'),
    details: {},
    ...overrides,
  };
}

export function policyInput(accountId: string, name: string, path = '/'): Omit<ManagedPolicyRecord, 'defaultVersionId' | 'attachmentCount'> {
  return {
    id: `ANPA${suffix(17)}`,
    name,
    path,
    arn: `arn:aws:iam::${accountId}:policy${path}${name}`,
    description: undefined,
    createDate: new Date('2026-11-23T10:00:00.000Z'),
    updateDate: new Date('2026-11-23T10:00:00.000Z'),
  };
}

export function doc(action: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
}

export function accessKeyId(): string {
  return `AKIA${suffix(16)}`;
}

// ---- assertions ----

export async function refused(promise: Promise<unknown>, code: IamConflictError['code'], message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof IamConflictError, `expected IamConflictError(${code}), got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

/** Follows markers to the end; asserts the page sizes. */
export async function allPages<T>(fetch: (marker: string | undefined) => Promise<Page<T>>, expectedSizes: number[]): Promise<T[]> {
  const pages: T[][] = [];
  let marker: string | undefined;
  do {
    const page = await fetch(marker);
    pages.push(page.items);
    marker = page.marker;
    assert.ok(pages.length <= expectedSizes.length, 'pagination terminates');
  } while (marker !== undefined);
  assert.deepEqual(
    pages.map((page) => page.length),
    expectedSizes,
  );
  return pages.flat();
}

export function names(items: readonly { name: string }[]): string[] {
  return items.map((item) => item.name);
}

export function byLowerName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
