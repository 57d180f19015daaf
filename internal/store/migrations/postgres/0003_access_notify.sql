-- Each server caches who an API token belongs to and what a person may do
-- in a team. Any change to the tables those answers are made of notifies
-- channel klaver_access when its transaction commits, and every server
-- then forgets its answers. Statement triggers: one notification per
-- statement at most, and PostgreSQL folds equal notifications of one
-- transaction into one.
CREATE FUNCTION klaver_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('klaver_access', '');
	RETURN NULL;
END
$$;

CREATE TRIGGER people_access AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON people
	FOR EACH STATEMENT EXECUTE FUNCTION klaver_access_changed();
CREATE TRIGGER api_tokens_access AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_tokens
	FOR EACH STATEMENT EXECUTE FUNCTION klaver_access_changed();
CREATE TRIGGER memberships_access AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
	FOR EACH STATEMENT EXECUTE FUNCTION klaver_access_changed();
CREATE TRIGGER coach_assignments_access AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON coach_assignments
	FOR EACH STATEMENT EXECUTE FUNCTION klaver_access_changed();
CREATE TRIGGER teams_access AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON teams
	FOR EACH STATEMENT EXECUTE FUNCTION klaver_access_changed();
CREATE TRIGGER organisations_access AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations
	FOR EACH STATEMENT EXECUTE FUNCTION klaver_access_changed();
