-- PostgreSQL's 0003 notifies servers that cache access answers. On SQLite
-- nothing is cached (a read costs no round trip) and nothing needs to
-- change; the version is recorded so that both dialects stay in step.
SELECT 1;
