// Backup and restore on PostgreSQL (issue 18, docs/data.md) at a size that runs in a few minutes on
// the shared machine: bench/backup.bench.ts with BACKUP_BENCH_DBS=postgres and, unless set,
// BACKUP_BENCH_TICKETS=200000 (pg_dump of a snapshot while a kiosk issues 200 tickets/s, restore
// with pg_restore into an empty database). `npm run bench -- backup-postgres`.
process.env.BACKUP_BENCH_DBS = 'postgres';
process.env.BACKUP_BENCH_TICKETS ??= '200000';
await import('./backup.bench');
export {};
