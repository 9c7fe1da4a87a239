import type { Shape } from '../spec/service-model.ts';

/**
 * Names of the input members (at any depth) whose shape the model marks `sensitive`: secrets an
 * audit record must never carry. Computed once per operation and kept.
 */
const cache = new WeakMap<object, ReadonlySet<string>>();

export function sensitiveMemberNames(operation: { readonly inputShape: string | undefined }, shapes: Readonly<Record<string, Shape>>): ReadonlySet<string> {
  const hit = cache.get(operation);
  if (hit) return hit;
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (shapeName: string) => {
    if (seen.has(shapeName)) return;
    seen.add(shapeName);
    const shape = shapes[shapeName];
    if (!shape) return;
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      if (shapes[ref.shape]?.sensitive) names.add(member);
      visit(ref.shape);
    }
    for (const ref of [shape.member, shape.key, shape.value]) if (ref) visit(ref.shape);
  };
  if (operation.inputShape) visit(operation.inputShape);
  cache.set(operation, names);
  return names;
}
