import type { Migration } from 'kysely';
import * as initial from './0001-initial.ts';
import * as iam from './0002-iam.ts';
import * as audit from './0003-audit.ts';
import * as audience from './0004-audience.ts';
import * as segmentsAndJobs from './0005-segments-and-jobs.ts';
import * as canonicalEffectiveDate from './0006-canonical-effective-date.ts';
import * as templates from './0007-templates.ts';
import * as channels from './0008-channels.ts';
import * as messages from './0009-messages.ts';
import * as otp from './0010-otp.ts';
import * as smsOptOuts from './0011-sms-opt-outs.ts';
import * as messageFeedbackCounts from './0012-message-feedback-counts.ts';

/**
 * Every migration, in order, as an in-code record (no folder scan: works the same from source,
 * from a bundle and under tsx). Names sort lexicographically in application order; never rename
 * or edit a migration that has shipped, add a new one.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-iam': iam,
  '0003-audit': audit,
  '0004-audience': audience,
  '0005-segments-and-jobs': segmentsAndJobs,
  '0006-canonical-effective-date': canonicalEffectiveDate,
  '0007-templates': templates,
  '0008-channels': channels,
  '0009-messages': messages,
  '0010-otp': otp,
  '0011-sms-opt-outs': smsOptOuts,
  '0012-message-feedback-counts': messageFeedbackCounts,
};
