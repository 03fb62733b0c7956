import { Normalised, Problem, problem } from './problem';
import { toSimplified } from './simplified';
import { cleanText, splitList } from './text';
import { VOCABULARY_ALIASES } from './vocabularies';

function canonical(item: string): string {
  const simple = toSimplified(item).text;
  return VOCABULARY_ALIASES[simple] ?? simple;
}

/** One value from a closed list (学籍状态, 监护类型, 人员状态, …). Unlisted values are kept with `enum-unknown`. */
export function normaliseEnum(raw: string | null | undefined, allowed: readonly string[]): Normalised<string> {
  const text = cleanText(raw);
  if (text === null) return { value: null, problems: [problem('enum-empty', 'no value')] };
  const value = canonical(text);
  if (!allowed.includes(value)) {
    return { value, problems: [problem('enum-unknown', `"${text}" is not one of ${allowed.join('/')}`)] };
  }
  return { value, problems: [] };
}

/** A multi-valued cell whose items come from a closed list (儿童类别, 困境类型). */
export function normaliseEnumList(raw: string | null | undefined, allowed: readonly string[]): Normalised<string[]> & { value: string[] } {
  const items = splitList(raw);
  const problems: Problem[] = [];
  const value: string[] = [];
  for (const item of items) {
    const v = canonical(item);
    if (value.includes(v)) continue;
    value.push(v);
    if (!allowed.includes(v)) problems.push(problem('enum-unknown', `"${item}" is not one of ${allowed.join('/')}`));
  }
  return { value, problems };
}
