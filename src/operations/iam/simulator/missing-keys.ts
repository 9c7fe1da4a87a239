/**
 * MissingContextValues: the condition keys that statements relevant to one simulated request read
 * but the simulation was not given (neither in ContextEntries nor known from the principal).
 *
 * "Relevant" is decided without the conditions, since those are what the missing keys would feed:
 * the statement covers the action, and (for resource-based policies) names the caller, and covers
 * the resource — or its Resource holds a policy variable that is itself missing, since then the
 * resource test failed only for want of that key. IAM's own simulator has been seen to report keys
 * of statements for other actions too (boto3#3111); reporting only what could change this result
 * is the more useful reading and the one the brief asks for.
 */
import type { CompiledStatement, ContextKeys, PrincipalDescription } from '../../../iam/policy/policy-types.ts';
import type { StatementKeys } from './policy-keys.ts';
import { uniqueKeys } from './policy-keys.ts';

export interface RelevanceQuery {
  /** The action and its aliases, lowercased. */
  readonly lowerActionNames: readonly string[];
  readonly resource: string;
  readonly principal: PrincipalDescription;
  readonly keys: ContextKeys;
}

function supplied(keys: ContextKeys, lowerKey: string): boolean {
  return keys.get(lowerKey) !== undefined;
}

export function isRelevant(statement: CompiledStatement, statementKeys: StatementKeys, resourceBased: boolean, query: RelevanceQuery): boolean {
  if (!statement.action(query.lowerActionNames)) return false;
  if (resourceBased && (statement.principal === undefined || statement.principal(query.principal) === 0)) return false;
  if (statement.resource === undefined || statement.resource(query.resource, query.keys)) return true;
  return statementKeys.resourceVariables.some((key) => !supplied(query.keys, key));
}

/** The keys of `relevant` statements not present in `keys`, first spelling kept, in order of appearance. */
export function missingContextValues(relevant: Iterable<StatementKeys>, keys: ContextKeys): string[] {
  const lists: string[][] = [];
  for (const statement of relevant) lists.push(statement.keys.filter((key) => !supplied(keys, key.toLowerCase())));
  return uniqueKeys(lists);
}
