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
 * what they were, except where that would put an m below `floor`: the model clamps probabilities
 * there, which would lift that level's weight above its block's again, so the block's ratio is
 * raised until every m in it stays at or above the floor. Probabilities must be positive.
 */
export function monotoneM(m: readonly number[], u: readonly number[], floor = 0): number[] {
  if (m.length !== u.length) throw new Error('m and u need one value per level');
  interface Block {
    from: number;
    to: number;
    m: number;
    u: number;
    /** The smallest u in the block: the level the floor binds first. */
    minU: number;
  }
  const ratio = (b: Block): number => Math.max(b.m / b.u, floor / b.minU);
  // Blocks of adjacent levels; merged while a block weighs more than the one before it.
  const blocks: Block[] = [];
  for (let l = 0; l < m.length; l++) {
    blocks.push({ from: l, to: l, m: m[l], u: u[l], minU: u[l] });
    while (blocks.length > 1 && ratio(blocks[blocks.length - 1]) > ratio(blocks[blocks.length - 2])) {
      const last = blocks.pop()!;
      const before = blocks[blocks.length - 1];
      before.to = last.to;
      before.m += last.m;
      before.u += last.u;
      before.minU = Math.min(before.minU, last.minU);
    }
  }
  const out = m.slice();
  for (const b of blocks) {
    if (b.from === b.to && m[b.from] >= floor) continue;
    const r = ratio(b);
    for (let l = b.from; l <= b.to; l++) out[l] = u[l] * r;
  }
  return out;
}
