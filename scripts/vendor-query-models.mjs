// Vendors the IAM and STS service models (AWS query protocol) from the botocore installed on this
// machine into spec/, keeping only the operations Pinion serves and the shapes they reach.
// Run by hand when the operation list changes: `node scripts/vendor-query-models.mjs`.
// The output is deterministic (operations and shapes sorted by name, everything else in botocore's
// order, because member order decides the element order of XML responses).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const IAM_OPERATIONS = [
  'CreateUser', 'GetUser', 'ListUsers', 'DeleteUser', 'UpdateUser', 'TagUser', 'UntagUser', 'ListUserTags',
  'CreateAccessKey', 'ListAccessKeys', 'UpdateAccessKey', 'DeleteAccessKey', 'GetAccessKeyLastUsed',
  'CreateGroup', 'GetGroup', 'ListGroups', 'DeleteGroup', 'AddUserToGroup', 'RemoveUserFromGroup', 'ListGroupsForUser',
  'CreateRole', 'GetRole', 'ListRoles', 'DeleteRole', 'UpdateAssumeRolePolicy', 'TagRole', 'UntagRole', 'ListRoleTags',
  'PutUserPolicy', 'GetUserPolicy', 'ListUserPolicies', 'DeleteUserPolicy',
  'PutGroupPolicy', 'GetGroupPolicy', 'ListGroupPolicies', 'DeleteGroupPolicy',
  'PutRolePolicy', 'GetRolePolicy', 'ListRolePolicies', 'DeleteRolePolicy',
  'CreatePolicy', 'GetPolicy', 'ListPolicies', 'DeletePolicy',
  'CreatePolicyVersion', 'GetPolicyVersion', 'ListPolicyVersions', 'DeletePolicyVersion', 'SetDefaultPolicyVersion',
  'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy', 'AttachRolePolicy', 'DetachRolePolicy',
  'ListAttachedUserPolicies', 'ListAttachedGroupPolicies', 'ListAttachedRolePolicies',
  'SimulatePrincipalPolicy', 'SimulateCustomPolicy', 'GetContextKeysForPrincipalPolicy', 'GetContextKeysForCustomPolicy',
];

const STS_OPERATIONS = ['GetCallerIdentity', 'GetSessionToken', 'AssumeRole'];

const targets = [
  { service: 'iam', version: '2010-05-08', operations: IAM_OPERATIONS },
  { service: 'sts', version: '2011-06-15', operations: STS_OPERATIONS },
];

function botocoreLocation() {
  const script = 'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)';
  const [dir, version] = execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim().split('\n');
  if (!dir || !version) throw new Error('could not locate botocore (python3 -c "import botocore")');
  return { dir, version };
}

/** Deep copy without `documentation` fields (they are most of the file and the wire layer never reads them). */
function stripDocs(value) {
  if (Array.isArray(value)) return value.map(stripDocs);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'documentation' || key === 'documentationUrl') continue;
    out[key] = stripDocs(child);
  }
  return out;
}

/** Every shape reachable from the kept operations: input, output, errors and, transitively, members. */
function reachableShapes(model, operationNames) {
  const seen = new Set();
  const pending = [];
  for (const name of operationNames) {
    const op = model.operations[name];
    if (!op) throw new Error(`botocore model ${model.metadata.uid} has no operation ${name}`);
    for (const ref of [op.input, op.output, ...(op.errors ?? [])]) if (ref) pending.push(ref.shape);
  }
  while (pending.length > 0) {
    const name = pending.pop();
    if (seen.has(name)) continue;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`botocore model ${model.metadata.uid} has no shape ${name}`);
    seen.add(name);
    const refs = [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value];
    for (const ref of refs) if (ref) pending.push(ref.shape);
  }
  return seen;
}

function sortedObject(entries) {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function vendor({ service, version, operations }, botocore, specDir) {
  const relative = `botocore/data/${service}/${version}/service-2.json.gz`;
  const source = join(botocore.dir, 'data', service, version, 'service-2.json.gz');
  const model = JSON.parse(gunzipSync(readFileSync(source)).toString('utf8'));
  const keepShapes = reachableShapes(model, operations);
  const out = {
    _source: {
      origin: `${relative} from botocore ${botocore.version} (https://github.com/boto/botocore)`,
      license: 'Apache-2.0 (botocore); Copyright Amazon.com, Inc. or its affiliates',
      modifications: 'Subset: only the operations Pinion serves and the shapes they reach; documentation removed. ' +
        'Regenerate with scripts/vendor-query-models.mjs.',
    },
    version: model.version,
    metadata: stripDocs(model.metadata),
    operations: sortedObject(operations.map((name) => [name, stripDocs(model.operations[name])])),
    shapes: sortedObject([...keepShapes].map((name) => [name, stripDocs(model.shapes[name])])),
  };
  const file = join(specDir, `${service}-${version}.json`);
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`${file}: ${Object.keys(out.operations).length} operations, ${Object.keys(out.shapes).length} shapes`);
}

const specDir = fileURLToPath(new URL('../spec/', import.meta.url));
const botocore = botocoreLocation();
for (const target of targets) vendor(target, botocore, specDir);
