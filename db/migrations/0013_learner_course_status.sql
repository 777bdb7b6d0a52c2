CREATE TABLE `learner_course_status` (
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`enrolled` integer DEFAULT 0 NOT NULL,
	`lessons_completed` integer DEFAULT 0 NOT NULL,
	`attempted` integer DEFAULT 0 NOT NULL,
	`passed` integer DEFAULT 0 NOT NULL,
	`certified` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `course_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `cohort_members_learners_idx` ON `cohort_members` (`role`,`user_id`,`cohort_id`);
--> statement-breakpoint
-- learner_course_status is kept by triggers, in the statement that writes what it sums.
CREATE TRIGGER `learner_course_status_lessons` AFTER INSERT ON `progress_events` FOR EACH ROW WHEN NEW.`type` = 'lesson.completed' BEGIN
  INSERT INTO `learner_course_status` (`user_id`, `course_id`) SELECT NEW.`user_id`, NEW.`course_id` WHERE NEW.`user_id` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `learner_course_status` x WHERE x.`user_id` = NEW.`user_id` AND x.`course_id` = NEW.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = NEW.`user_id`);
  UPDATE `learner_course_status` SET `lessons_completed` = (SELECT COUNT(DISTINCT e.`lesson_id`) FROM `progress_events` e WHERE e.`user_id` = NEW.`user_id` AND e.`course_id` = NEW.`course_id` AND e.`type` = 'lesson.completed') WHERE `user_id` = NEW.`user_id` AND `course_id` = NEW.`course_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `learner_course_status_attempt_new` AFTER INSERT ON `attempts` FOR EACH ROW WHEN NEW.`purpose` = 'certification' BEGIN
  INSERT INTO `learner_course_status` (`user_id`, `course_id`) SELECT NEW.`user_id`, NEW.`course_id` WHERE NEW.`user_id` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `learner_course_status` x WHERE x.`user_id` = NEW.`user_id` AND x.`course_id` = NEW.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = NEW.`user_id`);
  UPDATE `learner_course_status` SET `attempted` = EXISTS (SELECT 1 FROM `attempts` a WHERE a.`user_id` = NEW.`user_id` AND a.`course_id` = NEW.`course_id` AND a.`purpose` = 'certification' AND a.`status` <> 'open'), `passed` = EXISTS (SELECT 1 FROM `attempts` a WHERE a.`user_id` = NEW.`user_id` AND a.`course_id` = NEW.`course_id` AND a.`purpose` = 'certification' AND a.`passed` = 1) WHERE `user_id` = NEW.`user_id` AND `course_id` = NEW.`course_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `learner_course_status_attempt` AFTER UPDATE OF `status`, `passed` ON `attempts` FOR EACH ROW WHEN NEW.`purpose` = 'certification' BEGIN
  INSERT INTO `learner_course_status` (`user_id`, `course_id`) SELECT NEW.`user_id`, NEW.`course_id` WHERE NEW.`user_id` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `learner_course_status` x WHERE x.`user_id` = NEW.`user_id` AND x.`course_id` = NEW.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = NEW.`user_id`);
  UPDATE `learner_course_status` SET `attempted` = EXISTS (SELECT 1 FROM `attempts` a WHERE a.`user_id` = NEW.`user_id` AND a.`course_id` = NEW.`course_id` AND a.`purpose` = 'certification' AND a.`status` <> 'open'), `passed` = EXISTS (SELECT 1 FROM `attempts` a WHERE a.`user_id` = NEW.`user_id` AND a.`course_id` = NEW.`course_id` AND a.`purpose` = 'certification' AND a.`passed` = 1) WHERE `user_id` = NEW.`user_id` AND `course_id` = NEW.`course_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `learner_course_status_attempt_gone` AFTER DELETE ON `attempts` FOR EACH ROW WHEN OLD.`purpose` = 'certification' BEGIN
  INSERT INTO `learner_course_status` (`user_id`, `course_id`) SELECT OLD.`user_id`, OLD.`course_id` WHERE OLD.`user_id` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `learner_course_status` x WHERE x.`user_id` = OLD.`user_id` AND x.`course_id` = OLD.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = OLD.`user_id`);
  UPDATE `learner_course_status` SET `attempted` = EXISTS (SELECT 1 FROM `attempts` a WHERE a.`user_id` = OLD.`user_id` AND a.`course_id` = OLD.`course_id` AND a.`purpose` = 'certification' AND a.`status` <> 'open'), `passed` = EXISTS (SELECT 1 FROM `attempts` a WHERE a.`user_id` = OLD.`user_id` AND a.`course_id` = OLD.`course_id` AND a.`purpose` = 'certification' AND a.`passed` = 1) WHERE `user_id` = OLD.`user_id` AND `course_id` = OLD.`course_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `learner_course_status_certificate_new` AFTER INSERT ON `certificates` FOR EACH ROW WHEN NEW.`learner_id` IS NOT NULL BEGIN
  INSERT INTO `learner_course_status` (`user_id`, `course_id`) SELECT NEW.`learner_id`, NEW.`course_id` WHERE NEW.`learner_id` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `learner_course_status` x WHERE x.`user_id` = NEW.`learner_id` AND x.`course_id` = NEW.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = NEW.`learner_id`);
  UPDATE `learner_course_status` SET `certified` = EXISTS (SELECT 1 FROM `certificates` ce WHERE ce.`learner_id` = NEW.`learner_id` AND ce.`course_id` = NEW.`course_id` AND ce.`status` = 'valid') WHERE `user_id` = NEW.`learner_id` AND `course_id` = NEW.`course_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `learner_course_status_certificate` AFTER UPDATE OF `status` ON `certificates` FOR EACH ROW WHEN NEW.`learner_id` IS NOT NULL BEGIN
  INSERT INTO `learner_course_status` (`user_id`, `course_id`) SELECT NEW.`learner_id`, NEW.`course_id` WHERE NEW.`learner_id` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `learner_course_status` x WHERE x.`user_id` = NEW.`learner_id` AND x.`course_id` = NEW.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = NEW.`learner_id`);
  UPDATE `learner_course_status` SET `certified` = EXISTS (SELECT 1 FROM `certificates` ce WHERE ce.`learner_id` = NEW.`learner_id` AND ce.`course_id` = NEW.`course_id` AND ce.`status` = 'valid') WHERE `user_id` = NEW.`learner_id` AND `course_id` = NEW.`course_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `learner_course_status_joined` AFTER INSERT ON `cohort_members` FOR EACH ROW BEGIN
  INSERT INTO `learner_course_status` (`user_id`, `course_id`) SELECT DISTINCT m.`user_id`, k.`course_id` FROM `cohort_members` m JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = NEW.`user_id` AND m.`role` = 'learner' AND NOT EXISTS (SELECT 1 FROM `learner_course_status` x WHERE x.`user_id` = m.`user_id` AND x.`course_id` = k.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = m.`user_id`);
  UPDATE `learner_course_status` SET `enrolled` = EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = NEW.`user_id` AND m.`role` = 'learner' AND k.`course_id` = `learner_course_status`.`course_id`) WHERE `user_id` = NEW.`user_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `learner_course_status_role` AFTER UPDATE OF `role` ON `cohort_members` FOR EACH ROW BEGIN
  INSERT INTO `learner_course_status` (`user_id`, `course_id`) SELECT DISTINCT m.`user_id`, k.`course_id` FROM `cohort_members` m JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = NEW.`user_id` AND m.`role` = 'learner' AND NOT EXISTS (SELECT 1 FROM `learner_course_status` x WHERE x.`user_id` = m.`user_id` AND x.`course_id` = k.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = m.`user_id`);
  UPDATE `learner_course_status` SET `enrolled` = EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = NEW.`user_id` AND m.`role` = 'learner' AND k.`course_id` = `learner_course_status`.`course_id`) WHERE `user_id` = NEW.`user_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `learner_course_status_left` AFTER DELETE ON `cohort_members` FOR EACH ROW BEGIN
  INSERT INTO `learner_course_status` (`user_id`, `course_id`) SELECT DISTINCT m.`user_id`, k.`course_id` FROM `cohort_members` m JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = OLD.`user_id` AND m.`role` = 'learner' AND NOT EXISTS (SELECT 1 FROM `learner_course_status` x WHERE x.`user_id` = m.`user_id` AND x.`course_id` = k.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = m.`user_id`);
  UPDATE `learner_course_status` SET `enrolled` = EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = OLD.`user_id` AND m.`role` = 'learner' AND k.`course_id` = `learner_course_status`.`course_id`) WHERE `user_id` = OLD.`user_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `learner_course_status_course_added` AFTER INSERT ON `cohort_courses` FOR EACH ROW BEGIN
  INSERT INTO `learner_course_status` (`user_id`, `course_id`) SELECT l.`user_id`, NEW.`course_id` FROM (SELECT `user_id` FROM `cohort_members` WHERE `cohort_id` = NEW.`cohort_id` AND `role` = 'learner') l WHERE NOT EXISTS (SELECT 1 FROM `learner_course_status` x WHERE x.`user_id` = l.`user_id` AND x.`course_id` = NEW.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = l.`user_id`);
  UPDATE `learner_course_status` SET `enrolled` = EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = `learner_course_status`.`user_id` AND m.`role` = 'learner' AND k.`course_id` = NEW.`course_id`) WHERE `course_id` = NEW.`course_id` AND `user_id` IN (SELECT `user_id` FROM `cohort_members` WHERE `cohort_id` = NEW.`cohort_id` AND `role` = 'learner');
END;
--> statement-breakpoint
CREATE TRIGGER `learner_course_status_course_dropped` AFTER DELETE ON `cohort_courses` FOR EACH ROW BEGIN
  INSERT INTO `learner_course_status` (`user_id`, `course_id`) SELECT l.`user_id`, OLD.`course_id` FROM (SELECT `user_id` FROM `cohort_members` WHERE `cohort_id` = OLD.`cohort_id` AND `role` = 'learner') l WHERE NOT EXISTS (SELECT 1 FROM `learner_course_status` x WHERE x.`user_id` = l.`user_id` AND x.`course_id` = OLD.`course_id`) AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = l.`user_id`);
  UPDATE `learner_course_status` SET `enrolled` = EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = `learner_course_status`.`user_id` AND m.`role` = 'learner' AND k.`course_id` = OLD.`course_id`) WHERE `course_id` = OLD.`course_id` AND `user_id` IN (SELECT `user_id` FROM `cohort_members` WHERE `cohort_id` = OLD.`cohort_id` AND `role` = 'learner');
END;
--> statement-breakpoint
INSERT OR REPLACE INTO `learner_course_status` (`user_id`, `course_id`, `enrolled`, `lessons_completed`, `attempted`, `passed`, `certified`)
SELECT k.`user_id`, k.`course_id`, EXISTS (SELECT 1 FROM `cohort_members` m JOIN `cohort_courses` k ON k.`cohort_id` = m.`cohort_id` WHERE m.`user_id` = k.`user_id` AND m.`role` = 'learner' AND k.`course_id` = k.`course_id`), (SELECT COUNT(DISTINCT e.`lesson_id`) FROM `progress_events` e WHERE e.`user_id` = k.`user_id` AND e.`course_id` = k.`course_id` AND e.`type` = 'lesson.completed'), EXISTS (SELECT 1 FROM `attempts` a WHERE a.`user_id` = k.`user_id` AND a.`course_id` = k.`course_id` AND a.`purpose` = 'certification' AND a.`status` <> 'open'), EXISTS (SELECT 1 FROM `attempts` a WHERE a.`user_id` = k.`user_id` AND a.`course_id` = k.`course_id` AND a.`purpose` = 'certification' AND a.`passed` = 1), EXISTS (SELECT 1 FROM `certificates` ce WHERE ce.`learner_id` = k.`user_id` AND ce.`course_id` = k.`course_id` AND ce.`status` = 'valid')
FROM (SELECT m.`user_id`, c.`course_id` FROM `cohort_members` m JOIN `cohort_courses` c ON c.`cohort_id` = m.`cohort_id` WHERE m.`role` = 'learner' UNION SELECT `user_id`, `course_id` FROM `progress_events` WHERE `type` = 'lesson.completed' UNION SELECT `user_id`, `course_id` FROM `attempts` WHERE `purpose` = 'certification' UNION SELECT `learner_id`, `course_id` FROM `certificates` WHERE `learner_id` IS NOT NULL) k;
