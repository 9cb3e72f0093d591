-- The name each person chooses to be shown to the clinicians they link (and on their own
-- pages); absent, their e-mail address is shown. Keep in step with the other tree's
-- 0007_display_names.sql.
ALTER TABLE accounts ADD COLUMN display_name TEXT;
