/**
 * A cheap scan that refuses pathological templates before Handlebars sees them.
 *
 * Handlebars' parser and compiler take time that grows faster than linearly with block nesting
 * (thousands of nested `{{#if}}` take seconds; tens of thousands, minutes) and recurse on it, so a
 * hostile template could hang a worker. Real message templates nest a handful of levels, so we
 * allow 100 levels of blocks (each `{{else something}}` of an else-if chain counts as one more
 * level until the block closes, as Handlebars nests it) and 50 levels of parentheses
 * (subexpressions) inside one tag. The scan is conservative: text inside `{{!-- --}}` comments is
 * skipped, anything else that looks like a tag counts.
 *
 * Compiling also costs time per tag (about 0.1–0.3 ms here), so a part may hold at most 25,000
 * tags. Pinpoint's largest template part, an email template, is capped at 600,000 characters
 * (developer guide, "Amazon Pinpoint quotas", message template quotas); real templates hold a
 * few hundred tags. Plain text without tags costs almost nothing at any size.
 */

export const maxBlockNesting = 100;
export const maxSubexpressionNesting = 50;
export const maxTags = 25_000;

function lineAndColumn(source: string, index: number): string {
  const before = source.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** Undefined when the template's nesting is acceptable, else what is wrong and where. */
export function shapeProblem(source: string): string | undefined {
  const blocks: number[] = [];
  let depth = 0;
  let tags = 0;
  let i = source.indexOf('{{');
  while (i !== -1) {
    tags += 1;
    if (tags > maxTags) return `The template has more than ${maxTags} {{…}} tags`;
    if (source.startsWith('{{!--', i)) {
      const end = source.indexOf('--}}', i + 5);
      if (end === -1) return undefined; // unterminated comment: the parser will report it
      i = source.indexOf('{{', end + 4);
      continue;
    }
    const close = source.indexOf('}}', i + 2);
    if (close === -1) return undefined; // unterminated tag: the parser will report it
    let tag = source.slice(i + 2, close);
    while (tag.startsWith('{') || tag.startsWith('~')) tag = tag.slice(1);
    tag = tag.trimStart();
    let parens = 0;
    for (const ch of tag) {
      if (ch === '(') {
        parens += 1;
        if (parens > maxSubexpressionNesting) {
          return `Syntax error at ${lineAndColumn(source, i)}: subexpressions are nested more than ${maxSubexpressionNesting} deep`;
        }
      } else if (ch === ')') parens -= 1;
    }
    if (tag.startsWith('#') || (tag.startsWith('^') && tag.slice(1).replace(/~$/, '').trim() !== '')) {
      blocks.push(1);
      depth += 1;
    } else if (tag.startsWith('/')) {
      depth -= blocks.pop() ?? 0;
    } else if (/^else\s+\S/.test(tag) && blocks.length > 0) {
      blocks[blocks.length - 1] = (blocks[blocks.length - 1] ?? 0) + 1;
      depth += 1;
    }
    if (depth > maxBlockNesting) {
      return `Syntax error at ${lineAndColumn(source, i)}: blocks are nested more than ${maxBlockNesting} deep`;
    }
    i = source.indexOf('{{', close + 2);
  }
  return undefined;
}
