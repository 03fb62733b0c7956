// Where a child stands with school: the 学籍 record (if any) and civil affairs' 就学情况.
// Grades follow the birth date (school starts in the September after the sixth birthday,
// cut-off 31 August); statuses follow docs/DOMAIN.md: mostly 在读, some 休学/转出/毕业, 1–2%
// 辍学 (more among vulnerable children), and a few of compulsory age with no 学籍 at all.

import { dayOf, ymd, type Day } from './dates';
import type { Child, Enrolment, EnrolmentStatus, PopulationState } from './model';

function gradeLabel(g: number): string {
  return g <= 6 ? `${'一二三四五六'[g - 1]}年级` : g <= 9 ? `初${'一二三'[g - 7]}` : `高${'一二三'[g - 10]}`;
}

/** The calendar year the current school year started in (September). */
function schoolYearStart(today: Day): number {
  const t = ymd(today);
  return t.m >= 9 ? t.y : t.y - 1;
}

/** Grade of a child this school year if it started school on time: ≤0 preschool, 13+ done. */
function cohortGrade(birth: Day, today: Day): number {
  const b = ymd(birth);
  const entryYear = b.y + 6 + (b.m >= 9 ? 1 : 0); // born by 31 August: starts at six
  return schoolYearStart(today) - entryYear + 1;
}

function enrolmentFor(state: PopulationState, child: Child, grade: number, status: EnrolmentStatus, changedOn: Day | null, asOf: Day = state.today): Enrolment {
  const { plan, rng } = state;
  const town = child.family.village.town.code;
  const school = grade <= 6 ? plan.primary.get(town)! : grade <= 9 ? plan.junior.get(town)! : rng.pick(plan.senior);
  const levelStart = grade <= 6 ? 1 : grade <= 9 ? 7 : 10;
  return {
    school,
    grade: gradeLabel(grade),
    className: `${rng.int(1, school.level === 'primary' ? 4 : 8)}班`,
    enrolledMonth: `${schoolYearStart(asOf) - (grade - levelStart)}-09`,
    status,
    changedOn,
  };
}

/** Sets `child.enrolment` and `child.schooling`; needs the child's difficulties first. */
export function schoolingFor(state: PopulationState, child: Child): void {
  const { rng, today } = state;
  let grade = cohortGrade(child.birth, today);
  if (rng.chance(0.04)) grade--; // started a year late or repeated one
  const year = schoolYearStart(today);
  const vulnerable = child.leftBehind || child.difficulties.length > 0;
  child.enrolment = null;
  if (grade <= 0) {
    child.schooling = '学龄前';
    return;
  }
  if (child.police && child.police.status !== '正常') {
    // Moved away or died: the school record stops at that date, in the grade of that year.
    const on = child.police.changedOn!;
    const then = cohortGrade(child.birth, on) - (grade < cohortGrade(child.birth, today) ? 1 : 0);
    child.enrolment = then >= 1 && then <= 12 ? enrolmentFor(state, child, then, child.police.status === '死亡' ? '死亡' : '转出', on, on) : null;
    child.schooling = '在校';
    return;
  }
  if (grade >= 13) {
    // Finished senior school last summer.
    const done = enrolmentFor(state, child, 12, '毕业', dayOf(year, 6, 30));
    done.enrolledMonth = `${year - 3}-09`;
    child.enrolment = rng.chance(0.6) ? done : null;
    child.schooling = '毕业';
    return;
  }
  const compulsory = grade <= 9;
  const dropRate = compulsory ? (grade >= 4 ? 0.012 : 0.002) * (vulnerable ? 3 : 1) : 0.025 * (vulnerable ? 2 : 1);
  const suspendRate = child.difficulties.includes('重病') ? 0.3 : 0.003;
  const r = rng.next();
  let acc = dropRate;
  if (r < acc) {
    // 辍学: left within the last year and a half; the record keeps the grade they left from.
    const changedOn = today - rng.int(20, 540);
    const leftGrade = Math.max(1, grade - (changedOn < dayOf(year, 9, 1) ? 1 : 0));
    child.enrolment = enrolmentFor(state, child, leftGrade, '辍学', changedOn);
    child.schooling = '辍学';
    return;
  }
  if (r < (acc += suspendRate)) {
    child.enrolment = enrolmentFor(state, child, grade, '休学', today - rng.int(10, 200));
    child.schooling = '休学';
    return;
  }
  if (r < (acc += 0.012)) {
    // 转出 this school year (an earlier move would show an earlier grade).
    child.enrolment = enrolmentFor(state, child, grade, '转出', Math.max(dayOf(year, 9, 1), today - rng.int(10, 200)));
    child.schooling = '在校';
    return;
  }
  if (r < (acc += compulsory ? 0.004 : 0.04)) {
    // No 学籍 at all: a hidden dropout of compulsory age, or a teenager who went to work.
    child.schooling = compulsory ? '辍学' : '毕业';
    return;
  }
  if (!compulsory && r < (acc += 0.38)) {
    // Finished junior school (初中) and did not go on to senior school here.
    const gradYear = year - (grade - 10);
    const done = enrolmentFor(state, child, 9, '毕业', dayOf(gradYear, 6, 30));
    done.enrolledMonth = `${gradYear - 3}-09`;
    child.enrolment = done;
    child.schooling = '毕业';
    return;
  }
  child.enrolment = enrolmentFor(state, child, grade, '在读', null);
  child.schooling = '在校';
}
