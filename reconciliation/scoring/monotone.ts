// A comparison's levels are ordered from the strongest agreement to none (the implicit 'else'
// last), so their weights must not rise along the list: agreeing more can never count as less
// evidence. EM estimates each level on its own, and a level with few matches can come out
// inverted (a "similar" name weighing less than a different one, because the sibling guard keeps
// the similar pairs that are matches out of EM's sight). The fix is the least change that
// restores the order: adjacent levels that invert are pooled (pool-adjacent-violators), and a
// pooled block gets one weight from its summed m and u.

/**
 * m rescaled so that log2(m/u) never increases along the levels; u unchanged. Within a pooled
 * block each level's m becomes u × (Σm / Σu), so the block's total m, and the sum of all m, stay
 * what they were. Probabilities must be positive (clamped before).
 */
export function monotoneM(m: readonly number[], u: readonly number[]): number[] {
  if (m.length !== u.length) throw new Error('m and u need one value per level');
  // Blocks of adjacent levels, each with its summed m and u; merged while a block weighs more than the one before it.
  const blocks: { from: number; to: number; m: number; u: number }[] = [];
  for (let l = 0; l < m.length; l++) {
    blocks.push({ from: l, to: l, m: m[l], u: u[l] });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const before = blocks[blocks.length - 2];
      // last.m / last.u > before.m / before.u, without dividing
      if (last.m * before.u <= before.m * last.u) break;
      blocks.pop();
      before.to = last.to;
      before.m += last.m;
      before.u += last.u;
    }
  }
  const out = m.slice();
  for (const b of blocks) {
    if (b.from === b.to) continue;
    for (let l = b.from; l <= b.to; l++) out[l] = (u[l] * b.m) / b.u;
  }
  return out;
}
