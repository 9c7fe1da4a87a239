/**
 * The keywords an inbound SMS can carry, matched on the whole message: case-insensitive, with
 * surrounding whitespace ignored ("stop " opts out; "please stop" does not). The opt-out and
 * opt-in words are the ones AWS End User Messaging and the carriers' guidelines (CTIA) list,
 * plus STOPALL and the French ARRET.
 */
export type SmsKeyword = 'STOP' | 'START' | 'HELP';

const KEYWORDS: ReadonlyMap<string, SmsKeyword> = new Map<string, SmsKeyword>([
  ...['STOP', 'QUIT', 'END', 'CANCEL', 'UNSUBSCRIBE', 'REVOKE', 'OPTOUT', 'STOPALL', 'ARRET', 'ARRÊT'].map((word) => [word, 'STOP'] as const),
  ...['START', 'YES', 'UNSTOP'].map((word) => [word, 'START'] as const),
  ['HELP', 'HELP'],
]);

export function matchKeyword(text: string): SmsKeyword | undefined {
  return KEYWORDS.get(text.trim().toUpperCase());
}
