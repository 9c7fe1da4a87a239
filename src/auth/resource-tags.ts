import type { Repositories } from '../storage/repositories.ts';
import type { Tenant } from '../storage/tenant.ts';

const iamEntityArn = /^arn:aws:iam::(\d{12}):(user|role)(?:\/.*)?\/([^/]+)$/;

/**
 * aws:ResourceTag/* for the resource a request targets: IAM users' and roles' tags from the
 * identity store (iam:PassRole, iam:GetUser…), everything else from the Pinpoint tag store.
 *
 * Reading the tags is most of what a tag-conditioned authorization costs, so they are kept for
 * `ttlMs` (one second), like credentials and policies: any write through this process clears them
 * at once, and a change made by another process sharing the database counts within a second (tag
 * changes reach AWS's authorization with the same eventual consistency).
 */
export class ResourceTags {
  readonly #cache = new Map<string, { tags: Readonly<Record<string, string>>; loadedAt: number; epoch: number }>();
  #epoch = 0;

  constructor(
    private readonly repositories: Repositories,
    private readonly ttlMs = 1000,
  ) {}

  invalidate(): void {
    this.#epoch += 1;
    this.#cache.clear();
  }

  readonly lookup = async (tenant: Tenant, resourceArn: string): Promise<Readonly<Record<string, string>>> => {
    const key = `${tenant.accountId}\u0000${tenant.region}\u0000${resourceArn}`;
    const now = Date.now();
    const hit = this.#cache.get(key);
    if (hit && hit.epoch === this.#epoch && now - hit.loadedAt < this.ttlMs) return hit.tags;
    const epoch = this.#epoch;
    const tags = await this.#load(tenant, resourceArn);
    if (epoch === this.#epoch) {
      this.#cache.set(key, { tags, loadedAt: now, epoch });
      if (this.#cache.size > 10_000) this.#cache.delete(this.#cache.keys().next().value!);
    }
    return tags;
  };

  async #load(tenant: Tenant, resourceArn: string): Promise<Readonly<Record<string, string>>> {
    const iam = iamEntityArn.exec(resourceArn);
    if (!iam) return this.repositories.tags.list(tenant, resourceArn);
    if (iam[1] !== tenant.accountId) return {};
    const entity = await this.repositories.iam.getEntity(tenant.accountId, iam[2] as 'user' | 'role', iam[3]!);
    return entity && entity.arn === resourceArn ? this.repositories.iam.entityTags(tenant.accountId, entity.id) : {};
  }
}
