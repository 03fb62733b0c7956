import { ACCESS, seesWholeFile, type RoleAccess } from '../../auth/access';
import type { Viewer } from '../../auth/viewer';
import type { Evidence } from '../identity/flags';
import { evidenceFor } from '../sharing/child.view';
import type { CaseEventNode, CaseNode } from './case.type';

/** What stands in a hub note for a fact the viewer may not read. */
export const WITHHELD = '(a fact your role does not see)';

/**
 * A case as one viewer may see it. Which cases a role reads is decided in SQL (CaseService); this
 * decides what of a case it reads, by the same table as the files (auth/access.ts ACCESS):
 * - A role that reads no section of a file (the auditor) follows the work, not the child: who did
 *   what and when, the status and the outcome, but no note (free text about the child) and no
 *   step's facts (the response's carer, the assessment, the flag and its strength).
 * - Evidence of a flag cleared by the data quotes a field of the file and cites a department's
 *   record ("guardianship 父母监护, civil-affairs record R424"): it is shown only to a role that sees
 *   that field's section and that department's records, as on the file itself (child.view.ts),
 *   and the hub's note that repeats it withholds it too. Police own the report a roster's 无人监护
 *   opened, but they do not read guardianship or civil-affairs records.
 */
export function caseView(node: CaseNode, viewer: Viewer): CaseNode {
  const access = ACCESS[viewer.role];
  if (access.sections.length === 0) {
    return { ...node, details: {}, events: node.events.map((e) => ({ ...e, note: null, details: {} })) };
  }
  return { ...node, details: withVisibleEvidence(node.details, access).details, events: node.events.map((e) => eventView(e, access)) };
}

function eventView(event: CaseEventNode, access: RoleAccess): CaseEventNode {
  const { details, hidden } = withVisibleEvidence(event.details, access);
  if (hidden.length === 0) return event;
  const note = event.note === null ? null : hidden.reduce((text, fact) => text.split(fact).join(WITHHELD), event.note);
  return { ...event, note, details };
}

/** The details with only the evidence the role may see, and the texts of what was taken out. */
function withVisibleEvidence(details: Record<string, unknown>, access: RoleAccess): { details: Record<string, unknown>; hidden: string[] } {
  const evidence = details.evidence;
  if (!Array.isArray(evidence)) return { details, hidden: [] };
  const shown: unknown[] = [];
  const hidden: string[] = [];
  for (const fact of evidence) {
    if (factVisible(fact, access)) shown.push(fact);
    else if (typeof (fact as Evidence | null)?.text === 'string') hidden.push((fact as Evidence).text);
  }
  return { details: { ...details, evidence: shown }, hidden };
}

function factVisible(fact: unknown, access: RoleAccess): boolean {
  // A fact of another shape than the hub writes: only for a role that sees everything (fail closed).
  if (typeof fact !== 'object' || fact === null || typeof (fact as Evidence).text !== 'string') return seesWholeFile(access);
  const e = fact as Evidence;
  if (evidenceFor(e, access) === null) return false;
  // The text itself names its record ("civil-affairs record R424"): only for a role that sees that department's records.
  return e.source === undefined || access.sources.includes(e.source);
}
