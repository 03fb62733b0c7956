/**
 * What hangs off a child id. When a merge absorbs a child, everything recorded about it follows
 * the surviving child, in the merge's own transaction (IdentityStore.saveRun): a file never loses
 * a visit because two records turned out to be one child. A new table keyed by a child id (the
 * casework to come: cases, case events) is one more line in FOLLOW_THE_CHILD.
 */
export interface ChildKeyedColumn {
  table: string;
  column: string;
}

export const FOLLOW_THE_CHILD: readonly ChildKeyedColumn[] = [
  { table: 'visit', column: 'child_id' }, // 002 §6: a director's contacts and home visits
];

/**
 * Child-id columns that deliberately stay as written, and why. A test checks that every column
 * holding a child id is in one of the two lists, so that a new table cannot be forgotten.
 */
export const STAY_AS_WRITTEN: Readonly<Record<string, string>> = {
  'child.id': 'the child itself: an absorbed child is deleted and its id becomes an alias',
  'child_alias.child_id': 'the merge itself (aliases of an absorbed id follow it there)',
  'child_record.child_id': 'written by the reconciliation run from the new clusters',
  'audit_entry.child_id': 'immutable: a read stays recorded against the id that was read; auditLog includes the aliases',
  'link_event.child_id': 'history: the ids as they were at each run',
  'link_event.previous_child_id': 'history: the ids as they were at each run',
  'review_item.left_child_id': 'open items are rewritten by each run that reaches them; closed ones are history',
  'review_item.right_child_id': 'open items are rewritten by each run that reaches them; closed ones are history',
  'child_period_state.child_id': 'history: the ids as they were in each period (a comparison follows merges through link_event)',
  'concern_report.child_id': 'immutable, like the audit log: the child a reporter named, as named; its case follows the merge',
  'case.child_id': 'moved by the cases module in the merge\'s transaction (cases/case-flags.ts): two cases of one kind still owed become one',
  'event.child_id': 'append-only: what was told, under the id it was told with (a merge has its own event; the old id resolves)',
  'event.other_child_id': 'append-only: what was told, under the id it was told with',
};
