/** graphile-worker's schema in the hub's database: its tables and functions (add_job, …). */
export const JOB_SCHEMA = 'graphile_worker';
