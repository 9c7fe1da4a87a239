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

function matchSegments(route: CompiledRoute, rawSegments: readonly string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    const raw = rawSegments[i];
    if (raw === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (decodeURIComponent(raw) !== segment.text) return undefined;
      continue;
    }
    if (segment.greedy) {
      const rest = rawSegments.slice(i).join('/');
      if (rest === '') return undefined;
      labels[segment.name] = decodeURIComponent(rest);
      return labels;
    }
    if (raw === '') return undefined;
    labels[segment.name] = decodeURIComponent(raw);
  }
  return rawSegments.length === route.segments.length ? labels : undefined;
}

export class RestRouter {
  private readonly routes: CompiledRoute[];

  constructor(operations: Iterable<OperationModel>) {
    this.routes = [...operations]
      .map(compile)
      // More literal segments first; on a tie, the route that needs more fixed query keys.
      .sort((a, b) =>
        a.specificity < b.specificity ? 1 : a.specificity > b.specificity ? -1 : b.requiredQuery.length - a.requiredQuery.length,
      );
  }

  match(method: string, rawPath: string, query: QueryParams): RouteMatch {
    const rawSegments = rawPath.split('/').slice(1);
    for (const raw of rawSegments) {
      try {
        decodeURIComponent(raw);
      } catch {
        return { kind: 'bad-encoding', segment: raw };
      }
    }
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const labels = matchSegments(route, rawSegments);
      if (!labels || !route.requiredQuery.every((k) => query.has(k))) continue;
      if (route.operation.method === method) return { kind: 'matched', operation: route.operation, labels };
      allowed.add(route.operation.method);
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed].sort() } : { kind: 'not-found' };
  }
}
