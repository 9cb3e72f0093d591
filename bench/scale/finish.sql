-- After generation: keys, indexes and foreign keys back as the migrations made them, then the
-- statistics and visibility maps PostgreSQL's planner and index-only scans rely on.
SET maintenance_work_mem = '1GB';
SELECT ddl FROM scale_ddl ORDER BY step, ddl \gexec
VACUUM (ANALYZE);
