/**
 * The simulation itself, pure: every action against every resource, evaluated by the same engine
 * that authorizes live requests (src/iam/policy/evaluate-policies.ts), so the simulator cannot
 * disagree with what Pinion would actually do. Results come in ActionNames order, each action's
 * resources in ResourceArns order.
 *
 * A Pinpoint action is simulated under its older names too (seed 003's GetUser for
 * GetUserEndpoints, …), as the request pipeline authorizes it.
 */
import type { EvaluationResult, Statement } from '@aws-sdk/client-iam';
import { evaluate } from '../../../iam/policy/evaluate-policies.ts';
import type { ContextKeys, MatchedStatement, PolicySource, PrincipalDescription } from '../../../iam/policy/policy-types.ts';
import { operationActions } from '../../../iam/operation-actions/index.ts';
import type { StatementKeys } from './policy-keys.ts';
import { isRelevant, missingContextValues } from './missing-keys.ts';
import type { SimulationPolicy } from './simulation-policies.ts';

export interface SimulationRequest {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** Who the resource-based policy's Principal element is matched against. */
  readonly principal: PrincipalDescription;
  /** Lowercased condition keys. */
  readonly keys: ContextKeys;
  readonly policies: readonly SimulationPolicy[];
}

let aliasTable: ReadonlyMap<string, readonly string[]> | undefined;

/** Older action names policies may use for `action` (lowercased lookup). */
export function actionAliases(action: string): readonly string[] {
  if (aliasTable === undefined) {
    const table = new Map<string, readonly string[]>();
    for (const service of Object.values(operationActions)) {
      for (const entry of Object.values(service)) if (entry.aliases?.length) table.set(entry.action.toLowerCase(), entry.aliases);
    }
    aliasTable = table;
  }
  return aliasTable.get(action.toLowerCase()) ?? [];
}

function matchedStatement(policy: SimulationPolicy, matched: MatchedStatement): Statement {
  const span = policy.spans[matched.statementIndex];
  return {
    SourcePolicyId: policy.id,
    SourcePolicyType: policy.type,
    ...(span ? { StartPosition: { Line: span.start.line, Column: span.start.column }, EndPosition: { Line: span.end.line, Column: span.end.column } } : {}),
  };
}

function relevantKeys(request: SimulationRequest, lowerActionNames: readonly string[], resource: string): StatementKeys[] {
  const query = { lowerActionNames, resource, principal: request.principal, keys: request.keys };
  const out: StatementKeys[] = [];
  for (const policy of request.policies) {
    for (const statement of policy.policy.statements) {
      const keys = policy.keys[statement.index];
      if (keys !== undefined && isRelevant(statement, keys, policy.kind === 'resource', query)) out.push(keys);
    }
  }
  return out;
}

export function simulate(request: SimulationRequest): EvaluationResult[] {
  const byId = new Map(request.policies.map((policy) => [policy.id, policy]));
  const sources: PolicySource[] = request.policies.map((policy) => ({ id: policy.id, kind: policy.kind, policy: policy.policy }));
  const results: EvaluationResult[] = [];
  for (const action of request.actions) {
    const aliases = actionAliases(action);
    const lowerActionNames = [action, ...aliases].map((name) => name.toLowerCase());
    for (const resource of request.resources) {
      const decision = evaluate(
        { action, ...(aliases.length > 0 ? { actionAliases: aliases } : {}), resource, principal: request.principal, context: { keys: request.keys } },
        sources,
      );
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: decision.decision,
        MatchedStatements: decision.matched.map((matched) => matchedStatement(byId.get(matched.sourceId)!, matched)),
        MissingContextValues: missingContextValues(relevantKeys(request, lowerActionNames, resource), request.keys),
      });
    }
  }
  return results;
}
