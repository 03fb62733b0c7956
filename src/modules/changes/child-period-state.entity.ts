import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One child's state in one period of its county (001 §二(二): 每季度更新): what two periods are
 * compared on. Written by each reconciliation run for the county's latest period only (period-
 * states.ts), so a past period stays as it was when the next one landed: comparing 2024Q1 with
 * 2024Q2 gives the same answer after 2024Q3 is imported. Ids are those of the period (an id that a
 * later run absorbs or splits is followed through link_event, never rewritten here).
 */
@Entity({ tableName: 'child_period_state' })
export class ChildPeriodState {
  @PrimaryKey({ length: 6 })
  countyCode!: string;

  /** 'YYYYQn'. */
  @PrimaryKey({ length: 6 })
  period!: string;

  @PrimaryKey({ length: 20 })
  childId!: string;

  /** The golden area code (village when known): MOVED compares it, area scope filters on it. */
  @Property({ length: 12, nullable: true })
  areaCode?: string;

  @Property({ type: 'text[]' })
  flagNames!: string[];

  /** From the civil-affairs category: LEFT_BEHIND (留守), IN_DIFFICULTY (困境, 散居孤儿), or null. */
  @Property({ length: 20, nullable: true })
  category?: string;

  @Property({ length: 20 })
  verification!: string;

  /** The departments whose export of this period holds one of the child's records. */
  @Property({ type: 'text[]' })
  sources!: string[];

  /**
   * What the sources say about the child leaving, as `field:value` (`status:迁出`,
   * `enrolmentStatus:毕业`, `birthDate:AGED_18`): the field decides which roles see the reason.
   */
  @Property({ type: 'text[]' })
  leaving!: string[];

  /**
   * In this period's care: in one of its exports (an education record saying 毕业 or 转出 does not
   * count), and neither gone (迁出, 死亡, 注销) nor 18 at the period's end.
   */
  @Property()
  present!: boolean;
}

/**
 * The runs that wrote a county's period: the identity changes between two periods are the
 * link events of the runs after the first period's last run, up to the second period's last run.
 */
@Entity({ tableName: 'period_snapshot' })
export class PeriodSnapshot {
  @PrimaryKey({ length: 6 })
  countyCode!: string;

  @PrimaryKey({ length: 6 })
  period!: string;

  @Property()
  firstRunId!: number;

  @Property()
  lastRunId!: number;
}
