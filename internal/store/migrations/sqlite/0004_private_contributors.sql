-- Who imported each file: a leader imports for members, and then knows
-- what that member's figures are made of.
ALTER TABLE imports ADD COLUMN imported_by INTEGER REFERENCES people (id) ON DELETE SET NULL;

-- private_people counts a team week's contributors whose figures its
-- leaders cannot know: not leaders themselves, not sharing their figures,
-- and with nothing imported for them by someone else. When that is one
-- person, the week's team figures minus what the leaders know are that
-- person's, so the week is withheld.
ALTER TABLE team_weeks ADD COLUMN private_people INTEGER NOT NULL DEFAULT 0;

-- A member who deletes their data withdraws it: only they import it again.
ALTER TABLE people ADD COLUMN others_may_import BOOLEAN NOT NULL DEFAULT TRUE;
