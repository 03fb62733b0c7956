import os from 'node:os';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { Role } from '../auth/roles';
import type { Viewer } from '../auth/viewer';
import { CHANGE_KINDS, ChangesService, countiesKeeping, type ChangeRow } from '../modules/changes/changes.service';
import { quarterBefore } from '../generate/dates';
import { BadRequestError, MAX_PAGE } from '../modules/common/requests';
import { CliRefusal, withDatabase } from './context';

const COLUMNS = ['child_id', 'area_code', 'name', 'kind', 'flag', 'before', 'after'] as const;

/**
 * `hub changes`: the quarterly report a town sends up (001 §二(二), 每季度更新), from the same
 * comparison as the API. The operator of the hub's own machine reads as civil affairs of the
 * county, and every file the report names is audited under the operator's name, as a read.
 */
export function registerChanges(program: Command): void {
  program
    .command('changes')
    .description('what changed for the children between two periods of a county: CSV (child_id,area_code,name,kind,flag,before,after), or --json')
    .requiredOption('--from <period>', 'the earlier period, e.g. 2024Q1')
    .requiredOption('--to <period>', 'the later period, e.g. 2024Q2')
    .option('--area <code>', 'a county, town or village code (default: the one county whose two periods are kept)')
    .option('--json', 'print one JSON object per change and line on stdout')
    .action(async (options: { from: string; to: string; area?: string; json?: boolean }) => {
      if (options.area !== undefined && !/^(\d{6}|\d{9}|\d{12})$/.test(options.area)) throw new CliRefusal(`--area must be a 6-, 9- or 12-digit code, not "${options.area}"`);
      refuseUnorderedPeriods(options.from, options.to);
      await withDatabase(async (db) => {
        let area = options.area;
        if (area === undefined) {
          const counties = await countiesKeeping(db.pool, options.from.toUpperCase(), options.to.toUpperCase());
          if (counties.length !== 1) {
            throw new CliRefusal(counties.length === 0 ? `no county has both ${options.from} and ${options.to} imported and reconciled` : `several counties have both periods (${counties.join(', ')}): give --area`);
          }
          area = counties[0];
        }
        const viewer: Viewer = { sub: `hub changes (${os.userInfo().username})`, role: Role.CIVIL_AFFAIRS, area: area.slice(0, 6) };
        const service = new ChangesService(db.pool);
        let after: string | null = null;
        for (;;) {
          let page;
          try {
            page = await service.changes(viewer, { areaCode: area, from: options.from, to: options.to, kinds: CHANGE_KINDS, first: MAX_PAGE, after });
          } catch (error) {
            if (error instanceof BadRequestError) throw new CliRefusal(error.message);
            throw error;
          }
          // The header once the first page is read: a refused report writes nothing on stdout.
          if (after === null && !options.json) process.stdout.write(stringify([[...COLUMNS]]));
          for (const { node } of page.edges) process.stdout.write(options.json ? `${JSON.stringify(asJson(node))}\n` : stringify([row(node)]));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
      }, { reads: true });
    });
}

/**
 * A report compares two quarters, the earlier first: the same one twice (a report of nothing,
 * which reads like "no county has both") or the two swapped is refused before any work, saying
 * what to pass instead. The API's `changes` answers the same quarter twice with no change.
 */
function refuseUnorderedPeriods(rawFrom: string, rawTo: string): void {
  const [from, to] = [rawFrom, rawTo].map((p) => p.trim().toUpperCase());
  for (const [option, period, given] of [['--from', from, rawFrom], ['--to', to, rawTo]] as const) {
    if (!/^\d{4}Q[1-4]$/.test(period)) throw new CliRefusal(`${option} must be a quarter like 2024Q1, not "${given}"`);
  }
  if (from === to) {
    throw new CliRefusal(`--from and --to are both ${from}: a report compares two quarters. For what changed during ${to}, pass --from ${quarterBefore(to, 1)} --to ${to}`);
  }
  if (from > to) throw new CliRefusal(`--from ${from} is later than --to ${to}: pass the earlier quarter as --from (--from ${to} --to ${from})`);
}

function row(c: ChangeRow): string[] {
  return [c.childId, c.child?.areaCode ?? '', c.child?.name ?? '', c.kind, c.flag ?? '', c.before ?? '', c.after ?? ''];
}

function asJson(c: ChangeRow) {
  return { childId: c.childId, areaCode: c.child?.areaCode ?? null, name: c.child?.name ?? null, kind: c.kind, flag: c.flag, before: c.before, after: c.after, reasons: c.reasons };
}
