-- The audit log is evidence: rows are only ever added.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
-- An invitation is single-use even when two people register with it at the same moment:
-- the second batch aborts as a whole.
CREATE TRIGGER `invitations_accept_once` BEFORE UPDATE OF `accepted_at` ON `invitations`
WHEN OLD.`accepted_at` IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'invitation already accepted');
END;
