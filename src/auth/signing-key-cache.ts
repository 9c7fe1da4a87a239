import { createHash } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { getSigningKey } from '@smithy/signature-v4';

/** SHA-256 constructor in the shape the signer expects (what the SDK clients pass it). */
export const Sha256 = Hash.bind(null, 'sha256');

/**
 * Derived SigV4 signing keys per (secret, date, region, service). Deriving a key is four chained
 * HMACs, most of the cost of verifying a request, and every request from one client on one day
 * uses the same key.
 *
 * The derivation itself is the signer's own (`getSigningKey` from @smithy/signature-v4), so a
 * key here is byte-for-byte the key a client computed. The signer keeps only 50 keys and hashes
 * the secret on every lookup; a server sees many more clients, hence this larger cache in front.
 */
export class SigningKeyCache {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least
  // recently used one, which is all an LRU needs.
  private readonly keys = new Map<string, Promise<Uint8Array>>();

  constructor(private readonly maxEntries = 1000) {}

  get size(): number {
    return this.keys.size;
  }

  /** Secret digests per credential object, so a credential that is looked up again is not hashed again. */
  private readonly digests = new WeakMap<object, string>();

  get(secretAccessKey: string, shortDate: string, region: string, service: string): Promise<Uint8Array> {
    return this.lookup(secretAccessKey, digestOf(secretAccessKey), shortDate, region, service);
  }

  /** Same as get(), for a credential object that the caller keeps (its secret is hashed once). */
  getFor(credential: { readonly secretAccessKey: string }, shortDate: string, region: string, service: string): Promise<Uint8Array> {
    let digest = this.digests.get(credential);
    if (digest === undefined) {
      digest = digestOf(credential.secretAccessKey);
      this.digests.set(credential, digest);
    }
    return this.lookup(credential.secretAccessKey, digest, shortDate, region, service);
  }

  private lookup(secretAccessKey: string, digest: string, shortDate: string, region: string, service: string): Promise<Uint8Array> {
    // The secret enters the map key only as a digest, so the cache does not keep plaintext
    // secrets alive after a credential is rotated away.
    const id = `${digest}/${shortDate}/${region}/${service}`;
    const hit = this.keys.get(id);
    if (hit) {
      this.keys.delete(id);
      this.keys.set(id, hit);
      return hit;
    }
    // The promise is cached, so concurrent first requests share one derivation.
    const derived = getSigningKey(Sha256, { accessKeyId: '', secretAccessKey }, shortDate, region, service);
    this.keys.set(id, derived);
    derived.catch(() => this.keys.delete(id));
    while (this.keys.size > this.maxEntries) {
      const oldest = this.keys.keys().next().value as string;
      this.keys.delete(oldest);
    }
    return derived;
  }

  clear(): void {
    this.keys.clear();
  }
}

function digestOf(secretAccessKey: string): string {
  return createHash('sha256').update(secretAccessKey).digest('base64');
}
