import type { OperationHandler } from '../operation-context.ts';
import { createAccessKey, deleteAccessKey, getAccessKeyLastUsed, listAccessKeys, updateAccessKey } from './access-keys.ts';
import { attachPolicy, detachPolicy, listAttachedPolicies } from './attached-policies.ts';
import { listEntityTags, tagEntity, untagEntity } from './entity-tags.ts';
import { addUserToGroup, createGroup, deleteGroup, getGroup, listGroups, listGroupsForUser, removeUserFromGroup } from './groups.ts';
import { deleteInlinePolicy, getInlinePolicy, listInlinePolicies, putInlinePolicy } from './inline-policies.ts';
import {
  createPolicy,
  createPolicyVersion,
  deletePolicy,
  deletePolicyVersion,
  getPolicy,
  getPolicyVersion,
  listPolicies,
  listPolicyVersions,
  setDefaultPolicyVersion,
} from './managed-policies.ts';
import { createRole, deleteRole, getRole, listRoles, updateAssumeRolePolicy } from './roles.ts';
import { getContextKeysForCustomPolicy, getContextKeysForPrincipalPolicy } from './simulator/get-context-keys.ts';
import { simulateCustomPolicy, simulatePrincipalPolicy } from './simulator/simulate-policies.ts';
import { createUser, deleteUser, getUser, listUsers, updateUser } from './users.ts';

/** The IAM operations Pinion implements, by model operation name. */
export const iamHandlers: Readonly<Record<string, OperationHandler>> = {
  CreateUser: createUser,
  GetUser: getUser,
  ListUsers: listUsers,
  UpdateUser: updateUser,
  DeleteUser: deleteUser,
  TagUser: tagEntity('user'),
  UntagUser: untagEntity('user'),
  ListUserTags: listEntityTags('user'),

  CreateAccessKey: createAccessKey,
  ListAccessKeys: listAccessKeys,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,

  CreateGroup: createGroup,
  GetGroup: getGroup,
  ListGroups: listGroups,
  DeleteGroup: deleteGroup,
  AddUserToGroup: addUserToGroup,
  RemoveUserFromGroup: removeUserFromGroup,
  ListGroupsForUser: listGroupsForUser,

  CreateRole: createRole,
  GetRole: getRole,
  ListRoles: listRoles,
  DeleteRole: deleteRole,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  TagRole: tagEntity('role'),
  UntagRole: untagEntity('role'),
  ListRoleTags: listEntityTags('role'),

  PutUserPolicy: putInlinePolicy('user'),
  GetUserPolicy: getInlinePolicy('user'),
  ListUserPolicies: listInlinePolicies('user'),
  DeleteUserPolicy: deleteInlinePolicy('user'),
  PutGroupPolicy: putInlinePolicy('group'),
  GetGroupPolicy: getInlinePolicy('group'),
  ListGroupPolicies: listInlinePolicies('group'),
  DeleteGroupPolicy: deleteInlinePolicy('group'),
  PutRolePolicy: putInlinePolicy('role'),
  GetRolePolicy: getInlinePolicy('role'),
  ListRolePolicies: listInlinePolicies('role'),
  DeleteRolePolicy: deleteInlinePolicy('role'),

  CreatePolicy: createPolicy,
  GetPolicy: getPolicy,
  ListPolicies: listPolicies,
  DeletePolicy: deletePolicy,
  CreatePolicyVersion: createPolicyVersion,
  GetPolicyVersion: getPolicyVersion,
  ListPolicyVersions: listPolicyVersions,
  DeletePolicyVersion: deletePolicyVersion,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,

  AttachUserPolicy: attachPolicy('user'),
  DetachUserPolicy: detachPolicy('user'),
  ListAttachedUserPolicies: listAttachedPolicies('user'),
  AttachGroupPolicy: attachPolicy('group'),
  DetachGroupPolicy: detachPolicy('group'),
  ListAttachedGroupPolicies: listAttachedPolicies('group'),
  AttachRolePolicy: attachPolicy('role'),
  DetachRolePolicy: detachPolicy('role'),
  ListAttachedRolePolicies: listAttachedPolicies('role'),

  SimulatePrincipalPolicy: simulatePrincipalPolicy,
  SimulateCustomPolicy: simulateCustomPolicy,
  GetContextKeysForPrincipalPolicy: getContextKeysForPrincipalPolicy,
  GetContextKeysForCustomPolicy: getContextKeysForCustomPolicy,
};
