import { idCheckDigit } from '../../reconciliation/normalise/ids';

/** A new (invented) child's ID number, born in 2016 in county 500109. */
export function pushedIdNumber(n: number): string {
  const first17 = `5001092016${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(700 + (n % 300)).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

/** A civil-affairs roster row of a left-behind child, as a county's system pushes it (`importRecords`). */
export function leftBehindRow(n: number, village: string): Record<string, string> {
  return { 记录编号: `MZ-PUSH-${n}`, 姓名: `推${'甲乙丙丁'[n % 4]}${'安宁康乐'[n % 4]}`, 性别: '女', 出生日期: pushedIdNumber(n).slice(6, 14), 身份证号: pushedIdNumber(n), 行政区划代码: village, 儿童类别: '留守儿童' };
}
