import os from 'node:os';
import type { Command } from 'commander';
import { Role } from '../auth/roles';
import { CASE_KINDS, isCaseKind } from '../modules/cases/case-kinds';
import { CaseService } from '../modules/cases/case.service';
import type { CaseFilter, CaseNode } from '../modules/cases/case.type';
import { MAX_PAGE } from '../modules/common/requests';
import { CliRefusal, withDatabase } from './context';

export function registerCases(program: Command): void {
  const cases = program.command('cases').description('follow-up work with an owner, a deadline and an outcome');
  cases
    .command('list')
    .description('cases, soonest due first, county by county: id, kind, status, owner, area, child, due, outcome')
    .option('--kind <kind>', CASE_KINDS.join(' | '))
    .option('--overdue', 'only cases still owed and past their due date')
    .option('--county <code>', 'only this county (6 digits)')
    .option('--json', 'print one JSON object per case and line on stdout')
    .action(async (options: { kind?: string; overdue?: boolean; county?: string; json?: boolean }) => {
      const kind = options.kind?.toUpperCase();
      if (kind !== undefined && !isCaseKind(kind)) throw new CliRefusal(`--kind must be one of ${CASE_KINDS.join(', ')}, not "${options.kind}"`);
      if (options.county !== undefined && !/^\d{6}$/.test(options.county)) throw new CliRefusal(`--county must be a 6-digit county code, not "${options.county}"`);
      const filter: CaseFilter = { ...(kind ? { kind: kind as never } : {}), ...(options.overdue ? { overdue: true } : {}) };
      let listed = 0;
      await withDatabase(async (db) => {
        const counties = options.county ? [options.county] : (await db.pool.query(`/* caseCounties */ SELECT DISTINCT county_code AS c FROM "case" WHERE county_code IS NOT NULL ORDER BY 1`)).rows.map((r) => r.c as string);
        const service = new CaseService(db.pool);
        for (const county of counties) {
          // The operator of the hub's machine reads as the county's civil affairs (which sees every
          // case of its county), and each read is audited under the operator's login name.
          const viewer = { sub: `cli:${os.userInfo().username}`, role: Role.CIVIL_AFFAIRS, area: county };
          let after: string | null = null;
          do {
            const page = await service.cases(viewer, filter, MAX_PAGE, after);
            for (const { node } of page.edges) {
              console.log(options.json ? JSON.stringify(asJson(node)) : asLine(node));
              listed++;
            }
            after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
          } while (after !== null);
        }
      }, { reads: true });
      if (listed === 0 && !options.json) console.log('no cases');
    });
}

function asJson(c: CaseNode) {
  const { events, outcomes: _outcomes, details: _details, ...rest } = c;
  return { ...rest, lastEvent: events.at(-1) ?? null };
}

function asLine(c: CaseNode): string {
  return [c.id, c.kind, c.status, c.ownerRole, c.areaCode ?? '-', c.childId ?? '-', `due ${c.due.toISOString().slice(0, 16).replace('T', ' ')}Z`, c.overdue ? 'OVERDUE' : '', c.outcome ?? '']
    .filter((x) => x !== '')
    .join('  ');
}
