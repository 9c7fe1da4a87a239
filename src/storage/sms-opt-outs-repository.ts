import type { Tenant } from './tenant.ts';

/**
 * The numbers that opted out of SMS and voice by keyword (STOP and its synonyms), per tenant
 * (migrations/0011-sms-opt-outs.ts). Endpoints carry their own OptOut; this record also covers
 * numbers no endpoint has.
 */
export interface SmsOptOutsRepository {
  /** Records the number as opted out; true when it was not recorded before. */
  add(tenant: Tenant, phoneNumber: string, optedOutDate: string): Promise<boolean>;
  /** Forgets the number (START); true when it was recorded. */
  remove(tenant: Tenant, phoneNumber: string): Promise<boolean>;
  /** Which of these numbers are recorded as opted out. */
  find(tenant: Tenant, phoneNumbers: readonly string[]): Promise<Set<string>>;
}
