CREATE TABLE `institution_enrolments` (
	`institution_id` text NOT NULL,
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	PRIMARY KEY(`institution_id`, `user_id`, `course_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `institution_enrolments_user_idx` ON `institution_enrolments` (`user_id`);
--> statement-breakpoint
-- institution_enrolments is kept by triggers, in the statement that changes a membership, a
-- cohort's courses or a cohort's institution. Each re-derives the rows of the learners concerned:
-- a row exists exactly while some learner membership of a cohort of that institution teaching
-- that course supports it, whichever order cascaded deletes run in.
CREATE TRIGGER `institution_enrolments_joined` AFTER INSERT ON `cohort_members` FOR EACH ROW WHEN NEW.`role` = 'learner' BEGIN
  INSERT INTO `institution_enrolments` (`institution_id`, `user_id`, `course_id`) SELECT DISTINCT c.`institution_id`, m.`user_id`, k.`course_id` FROM `cohort_members` m JOIN `cohorts` c ON c.`id` = m.`cohort_id` JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = NEW.`user_id` AND m.`role` = 'learner' AND NOT EXISTS (SELECT 1 FROM `institution_enrolments` x WHERE x.`institution_id` = c.`institution_id` AND x.`user_id` = m.`user_id` AND x.`course_id` = k.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = m.`user_id`);
  DELETE FROM `institution_enrolments` WHERE `user_id` = NEW.`user_id` AND NOT EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohorts` c ON c.`id` = m.`cohort_id` JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = `institution_enrolments`.`user_id` AND m.`role` = 'learner' AND c.`institution_id` = `institution_enrolments`.`institution_id` AND k.`course_id` = `institution_enrolments`.`course_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `institution_enrolments_changed` AFTER UPDATE OF `role`, `user_id`, `cohort_id` ON `cohort_members` FOR EACH ROW BEGIN
  INSERT INTO `institution_enrolments` (`institution_id`, `user_id`, `course_id`) SELECT DISTINCT c.`institution_id`, m.`user_id`, k.`course_id` FROM `cohort_members` m JOIN `cohorts` c ON c.`id` = m.`cohort_id` JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = OLD.`user_id` AND m.`role` = 'learner' AND NOT EXISTS (SELECT 1 FROM `institution_enrolments` x WHERE x.`institution_id` = c.`institution_id` AND x.`user_id` = m.`user_id` AND x.`course_id` = k.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = m.`user_id`);
  DELETE FROM `institution_enrolments` WHERE `user_id` = OLD.`user_id` AND NOT EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohorts` c ON c.`id` = m.`cohort_id` JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = `institution_enrolments`.`user_id` AND m.`role` = 'learner' AND c.`institution_id` = `institution_enrolments`.`institution_id` AND k.`course_id` = `institution_enrolments`.`course_id`);
  INSERT INTO `institution_enrolments` (`institution_id`, `user_id`, `course_id`) SELECT DISTINCT c.`institution_id`, m.`user_id`, k.`course_id` FROM `cohort_members` m JOIN `cohorts` c ON c.`id` = m.`cohort_id` JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = NEW.`user_id` AND m.`role` = 'learner' AND NOT EXISTS (SELECT 1 FROM `institution_enrolments` x WHERE x.`institution_id` = c.`institution_id` AND x.`user_id` = m.`user_id` AND x.`course_id` = k.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = m.`user_id`);
  DELETE FROM `institution_enrolments` WHERE `user_id` = NEW.`user_id` AND NOT EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohorts` c ON c.`id` = m.`cohort_id` JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = `institution_enrolments`.`user_id` AND m.`role` = 'learner' AND c.`institution_id` = `institution_enrolments`.`institution_id` AND k.`course_id` = `institution_enrolments`.`course_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `institution_enrolments_left` AFTER DELETE ON `cohort_members` FOR EACH ROW WHEN OLD.`role` = 'learner' BEGIN
  DELETE FROM `institution_enrolments` WHERE `user_id` = OLD.`user_id` AND NOT EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohorts` c ON c.`id` = m.`cohort_id` JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = `institution_enrolments`.`user_id` AND m.`role` = 'learner' AND c.`institution_id` = `institution_enrolments`.`institution_id` AND k.`course_id` = `institution_enrolments`.`course_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `institution_enrolments_course_added` AFTER INSERT ON `cohort_courses` FOR EACH ROW BEGIN
  INSERT INTO `institution_enrolments` (`institution_id`, `user_id`, `course_id`) SELECT c.`institution_id`, l.`user_id`, NEW.`course_id` FROM (SELECT `user_id` FROM `cohort_members` WHERE `cohort_id` = NEW.`cohort_id` AND `role` = 'learner') l JOIN `cohorts` c ON c.`id` = NEW.`cohort_id` WHERE NOT EXISTS (SELECT 1 FROM `institution_enrolments` x WHERE x.`institution_id` = c.`institution_id` AND x.`user_id` = l.`user_id` AND x.`course_id` = NEW.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = l.`user_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `institution_enrolments_course_dropped` AFTER DELETE ON `cohort_courses` FOR EACH ROW BEGIN
  DELETE FROM `institution_enrolments` WHERE `course_id` = OLD.`course_id` AND `user_id` IN (SELECT `user_id` FROM `cohort_members` WHERE `cohort_id` = OLD.`cohort_id` AND `role` = 'learner') AND NOT EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohorts` c ON c.`id` = m.`cohort_id` JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = `institution_enrolments`.`user_id` AND m.`role` = 'learner' AND c.`institution_id` = `institution_enrolments`.`institution_id` AND k.`course_id` = `institution_enrolments`.`course_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `institution_enrolments_moved` AFTER UPDATE OF `institution_id` ON `cohorts` FOR EACH ROW BEGIN
  INSERT INTO `institution_enrolments` (`institution_id`, `user_id`, `course_id`) SELECT DISTINCT NEW.`institution_id`, l.`user_id`, k.`course_id` FROM (SELECT `user_id` FROM `cohort_members` WHERE `cohort_id` = NEW.`id` AND `role` = 'learner') l JOIN `cohort_courses` k ON k.`cohort_id` = NEW.`id` WHERE NOT EXISTS (SELECT 1 FROM `institution_enrolments` x WHERE x.`institution_id` = NEW.`institution_id` AND x.`user_id` = l.`user_id` AND x.`course_id` = k.`course_id`);
  DELETE FROM `institution_enrolments` WHERE `institution_id` = OLD.`institution_id` AND `user_id` IN (SELECT `user_id` FROM `cohort_members` WHERE `cohort_id` = NEW.`id` AND `role` = 'learner') AND NOT EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohorts` c ON c.`id` = m.`cohort_id` JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = `institution_enrolments`.`user_id` AND m.`role` = 'learner' AND c.`institution_id` = `institution_enrolments`.`institution_id` AND k.`course_id` = `institution_enrolments`.`course_id`);
END;
--> statement-breakpoint
-- Filled once from the memberships already stored.
INSERT INTO `institution_enrolments` (`institution_id`, `user_id`, `course_id`) SELECT DISTINCT c.`institution_id`, m.`user_id`, k.`course_id` FROM `cohort_members` m JOIN `cohorts` c ON c.`id` = m.`cohort_id` JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`role` = 'learner';
--> statement-breakpoint
-- Repairs 0013's fill, whose `enrolled` test compared a cohort course's id with itself (an alias
-- that shadowed the outer one), so a learner in any cohort counted as enrolled in every course
-- they had progress in. The triggers were right; only databases upgraded through 0013 differ.
UPDATE `learner_course_status` SET `enrolled` = EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = `learner_course_status`.`user_id` AND m.`role` = 'learner' AND k.`course_id` = `learner_course_status`.`course_id`);
