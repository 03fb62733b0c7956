import OpenCC = require('opencc-js/t2cn');

// Built once per process: OpenCC's Hong Kong preset, because it also maps the Taiwan/HK variant
// forms seen in typed names (衞, 啓, 綫) and, unlike the 'tw' preset, leaves 著 alone.
// Loaded from the t2cn bundle only (110 kB instead of the 1.2 MB full build).
const convertWithOpenCC = OpenCC.Converter({ from: 'hk', to: 'cn' });

/**
 * Characters OpenCC would simplify but that are standard (规范字) in names.
 * 通用规范汉字表 (2013) 附件1: 乾 read qián is not simplified to 干; 於 is a standard surname;
 * 昇、陞、脩 may be used in personal names; 鉅 in names is simplified by analogy to 钜, not 巨.
 */
const NAME_CHARACTER_OVERRIDES: ReadonlyMap<string, string> = new Map([
  ['乾', '乾'],
  ['於', '於'],
  ['昇', '昇'],
  ['陞', '陞'],
  ['脩', '脩'],
  ['鉅', '钜'],
]);

// Per-character cache: names and category values use a few thousand distinct characters, so after
// warm-up conversion is one Map lookup per character (OpenCC itself costs ~2 µs a name).
// BMP characters (nearly all) are cached in a flat table indexed by UTF-16 code unit (0 = not yet
// looked up); the rare supplementary-plane characters in a Map.
const simplifiedBmp = new Uint16Array(0x10000);
const simplifiedAstral = new Map<string, string>();

function convertCharacter(ch: string): string {
  const out = NAME_CHARACTER_OVERRIDES.get(ch) ?? convertWithOpenCC(ch);
  // A single character must stay a single character; anything else is not a variant mapping.
  return [...out].length === 1 ? out : ch;
}

function simplifyCharacter(ch: string): string {
  if (ch.length === 1) {
    const code = ch.charCodeAt(0);
    let simple = simplifiedBmp[code];
    if (simple === 0) {
      const out = convertCharacter(ch);
      // A BMP character simplified to a supplementary-plane one does not occur in OpenCC's tables; keep it as is if it ever does.
      simple = out.length === 1 ? out.charCodeAt(0) : code;
      simplifiedBmp[code] = simple;
    }
    return simple === code ? ch : String.fromCharCode(simple);
  }
  let out = simplifiedAstral.get(ch);
  if (out === undefined) {
    out = convertCharacter(ch);
    simplifiedAstral.set(ch, out);
  }
  return out;
}

/**
 * Traditional (and HK/TW variant) characters → simplified, character by character. Character-level
 * rather than OpenCC's phrase-level conversion on purpose: a name is not a phrase, and phrase rules
 * (e.g. 乾 → 干 in 乾燥) would rewrite names. Only code points ≥ U+3400 are looked up.
 */
export function toSimplified(text: string): { text: string; changed: boolean } {
  // The result string is only built from the first changed character on (most names have none).
  let out: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let ch: string;
    if (code < 0x3400) {
      if (out !== null) out += text[i];
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      ch = text.slice(i, i + 2); // a supplementary-plane character (CJK extension B and later)
    } else {
      ch = text[i];
    }
    const simple = simplifyCharacter(ch);
    if (out === null && simple !== ch) out = text.slice(0, i);
    if (out !== null) out += simple;
    i += ch.length - 1;
  }
  return out === null ? { text, changed: false } : { text: out, changed: true };
}
