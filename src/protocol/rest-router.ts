import type { OperationModel } from '../spec/service-model.ts';
import type { QueryParams } from './query-string.ts';

/**
 * Matches rest-json requests to operations, compiled from the model's `requestUri`s (no route is
 * written by hand). Labels are matched on the still-encoded path split at `/`, then decoded, so an
 * encoded `/` (%2F) stays inside its label. Literal segments beat labels when two routes overlap
 * (e.g. `/v1/apps/{id}/settings` over `/v1/apps/{id}/{thing}`).
 */

type Segment = { kind: 'literal'; text: string } | { kind: 'label'; name: string; greedy: boolean };

interface CompiledRoute {
  readonly operation: OperationModel;
  readonly segments: readonly Segment[];
  /** Fixed query keys some models put in requestUri (`/path?tagging`); they must be present. */
  readonly requiredQuery: readonly string[];
  /** One character per segment, 'b' for literal and 'a' for label: a larger string is more specific. */
  readonly specificity: string;
}

export type RouteMatch =
  | { kind: 'matched'; operation: OperationModel; labels: Record<string, string> }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'bad-encoding'; segment: string };

function compile(operation: OperationModel): CompiledRoute {
  const [pathPart = '', queryPart] = operation.requestUri.split('?', 2);
  const segments: Segment[] = pathPart
    .split('/')
    .slice(1)
    .map((part) => {
      const label = /^\{([^}]+?)(\+)?\}$/.exec(part);
      if (label?.[1]) return { kind: 'label', name: label[1], greedy: label[2] === '+' };
      return { kind: 'literal', text: part };
    });
  const requiredQuery = queryPart ? queryPart.split('&').map((kv) => kv.split('=')[0] ?? '') : [];
  const specificity = segments.map((s) => (s.kind === 'literal' ? 'b' : 'a')).join('');
  return { operation, segments, requiredQuery, specificity };
}

function matchSegments(
  route: CompiledRoute,
  rawSegments: readonly string[],
  decoded: readonly string[],
): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    const value = decoded[i];
    if (value === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (value !== segment.text) return undefined;
      continue;
    }
    if (segment.greedy) {
      const rest = rawSegments.slice(i).join('/');
      if (rest === '') return undefined;
      labels[segment.name] = decodeURIComponent(rest);
      return labels;
    }
    if (value === '') return undefined;
    labels[segment.name] = value;
  }
  return decoded.length === route.segments.length ? labels : undefined;
}

export class RestRouter {
  /** Non-greedy routes by segment count (only those can match a path of that length). */
  private readonly byLength = new Map<number, CompiledRoute[]>();
  private readonly greedy: CompiledRoute[] = [];

  constructor(operations: Iterable<OperationModel>) {
    const routes = [...operations]
      .map(compile)
      // More literal segments first; on a tie, the route that needs more fixed query keys.
      .sort((a, b) =>
        a.specificity < b.specificity ? 1 : a.specificity > b.specificity ? -1 : b.requiredQuery.length - a.requiredQuery.length,
      );
    for (const route of routes) {
      if (route.segments.some((s) => s.kind === 'label' && s.greedy)) {
        this.greedy.push(route);
        continue;
      }
      const list = this.byLength.get(route.segments.length) ?? [];
      list.push(route);
      this.byLength.set(route.segments.length, list);
    }
  }

  match(method: string, rawPath: string, query: QueryParams): RouteMatch {
    const rawSegments = rawPath.split('/').slice(1);
    const decoded: string[] = [];
    for (const raw of rawSegments) {
      try {
        decoded.push(raw.includes('%') ? decodeURIComponent(raw) : raw);
      } catch {
        return { kind: 'bad-encoding', segment: raw };
      }
    }
    const allowed = new Set<string>();
    for (const route of [...(this.byLength.get(rawSegments.length) ?? []), ...this.greedy]) {
      const labels = matchSegments(route, rawSegments, decoded);
      if (!labels || !route.requiredQuery.every((k) => query.has(k))) continue;
      if (route.operation.method === method) return { kind: 'matched', operation: route.operation, labels };
      allowed.add(route.operation.method);
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed].sort() } : { kind: 'not-found' };
  }
}
