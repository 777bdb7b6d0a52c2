CREATE TABLE `lrs_connections` (
	`institution_id` text PRIMARY KEY NOT NULL,
	`endpoint` text NOT NULL,
	`username` text NOT NULL,
	`sealed_secret` text NOT NULL,
	`home_page` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`last_delivered_at` integer,
	`last_error` text,
	`last_error_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `lti_accounts` (
	`platform_id` text NOT NULL,
	`sub` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`platform_id`, `sub`),
	FOREIGN KEY (`platform_id`) REFERENCES `lti_platforms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lti_accounts_user_idx` ON `lti_accounts` (`user_id`);--> statement-breakpoint
CREATE TABLE `lti_contexts` (
	`id` text PRIMARY KEY NOT NULL,
	`platform_id` text NOT NULL,
	`context_id` text NOT NULL,
	`title` text NOT NULL,
	`cohort_id` text,
	`memberships_url` text,
	`roster_synced_at` integer,
	`roster_error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`platform_id`) REFERENCES `lti_platforms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lti_contexts_platform_context_uq` ON `lti_contexts` (`platform_id`,`context_id`);--> statement-breakpoint
CREATE INDEX `lti_contexts_cohort_idx` ON `lti_contexts` (`cohort_id`);--> statement-breakpoint
CREATE TABLE `lti_deep_links` (
	`id` text PRIMARY KEY NOT NULL,
	`platform_id` text NOT NULL,
	`deployment_id` text NOT NULL,
	`user_id` text NOT NULL,
	`return_url` text NOT NULL,
	`data` text,
	`accept_multiple` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`platform_id`) REFERENCES `lti_platforms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `lti_link_learners` (
	`link_id` text NOT NULL,
	`user_id` text NOT NULL,
	`sub` text NOT NULL,
	`last_launch_at` integer NOT NULL,
	PRIMARY KEY(`link_id`, `user_id`),
	FOREIGN KEY (`link_id`) REFERENCES `lti_resource_links`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lti_link_learners_user_idx` ON `lti_link_learners` (`user_id`);--> statement-breakpoint
CREATE TABLE `lti_logins` (
	`state_hash` text PRIMARY KEY NOT NULL,
	`platform_id` text NOT NULL,
	`nonce` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`platform_id`) REFERENCES `lti_platforms`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lti_logins_expiry_idx` ON `lti_logins` (`expires_at`);--> statement-breakpoint
CREATE TABLE `lti_platforms` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`name` text NOT NULL,
	`issuer` text NOT NULL,
	`client_id` text NOT NULL,
	`deployment_ids` text NOT NULL,
	`jwks_url` text NOT NULL,
	`auth_url` text NOT NULL,
	`token_url` text NOT NULL,
	`last_launch_at` integer,
	`last_error_code` text,
	`last_error_message` text,
	`last_error_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lti_platforms_issuer_client_uq` ON `lti_platforms` (`issuer`,`client_id`);--> statement-breakpoint
CREATE INDEX `lti_platforms_institution_idx` ON `lti_platforms` (`institution_id`);--> statement-breakpoint
CREATE TABLE `lti_resource_links` (
	`id` text PRIMARY KEY NOT NULL,
	`platform_id` text NOT NULL,
	`resource_link_id` text NOT NULL,
	`context_row_id` text,
	`title` text,
	`course_id` text NOT NULL,
	`lesson_id` text,
	`line_item_url` text,
	`line_items_url` text,
	`ags_scopes` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`platform_id`) REFERENCES `lti_platforms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`context_row_id`) REFERENCES `lti_contexts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lti_resource_links_platform_link_uq` ON `lti_resource_links` (`platform_id`,`resource_link_id`);--> statement-breakpoint
CREATE INDEX `lti_resource_links_course_idx` ON `lti_resource_links` (`course_id`,`lesson_id`);--> statement-breakpoint
CREATE TABLE `lti_scores` (
	`id` text PRIMARY KEY NOT NULL,
	`link_id` text NOT NULL,
	`user_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`score_given` real,
	`score_maximum` real,
	`activity_progress` text NOT NULL,
	`grading_progress` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`delivered_at` integer,
	`last_error` text,
	FOREIGN KEY (`link_id`) REFERENCES `lti_resource_links`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lti_scores_dedupe_uq` ON `lti_scores` (`link_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `lti_scores_due_idx` ON `lti_scores` (`next_attempt_at`) WHERE delivered_at IS NULL;--> statement-breakpoint
CREATE TABLE `lti_tool_keys` (
	`kid` text PRIMARY KEY NOT NULL,
	`public_jwk` text NOT NULL,
	`sealed_private_jwk` text NOT NULL,
	`created_at` integer NOT NULL,
	`retired_at` integer
);
--> statement-breakpoint
CREATE TABLE `xapi_statements` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`course_version` text NOT NULL,
	`lesson_id` text,
	`ref_id` text NOT NULL,
	`score_raw` real,
	`score_max` real,
	`occurred_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`statement` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`delivered_at` integer,
	`last_error` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `xapi_statements_dedupe_uq` ON `xapi_statements` (`institution_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `xapi_statements_due_idx` ON `xapi_statements` (`next_attempt_at`) WHERE delivered_at IS NULL;--> statement-breakpoint
CREATE INDEX `xapi_statements_user_idx` ON `xapi_statements` (`user_id`);--> statement-breakpoint
-- The outboxes are filled by triggers, in the statement that records the achievement, whichever
-- code path wrote it (outbox sync, submit, a trainer's scoring, bulk or automatic issue), so none
-- is ever missed. Each inserts only rows not already there (dedupe_key): a replayed event, or a
-- second completion of the same lesson, queues nothing twice. xAPI statement ids are random
-- version-4 UUIDs, fixed at enqueue, so every resend carries the same id.
CREATE TRIGGER `outbox_lesson_completed` AFTER INSERT ON `progress_events` FOR EACH ROW WHEN NEW.`type` = 'lesson.completed' BEGIN
  INSERT INTO `xapi_statements` (`id`, `institution_id`, `kind`, `dedupe_key`, `user_id`, `course_id`, `course_version`, `lesson_id`, `ref_id`, `score_raw`, `score_max`, `occurred_at`, `created_at`, `attempts`, `next_attempt_at`) SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))), c.`institution_id`, 'lesson.completed', 'lesson:' || NEW.`user_id` || ':' || NEW.`course_id` || ':' || NEW.`course_version` || ':' || NEW.`lesson_id`, NEW.`user_id`, NEW.`course_id`, NEW.`course_version`, NEW.`lesson_id`, NEW.`id`, NULL, NULL, NEW.`occurred_at`, NEW.`received_at`, 0, NEW.`received_at` FROM `lrs_connections` c WHERE c.`enabled` = 1 AND EXISTS (SELECT 1 FROM `institution_enrolments` e WHERE e.`institution_id` = c.`institution_id` AND e.`user_id` = NEW.`user_id` AND e.`course_id` = NEW.`course_id`) AND NOT EXISTS (SELECT 1 FROM `xapi_statements` x WHERE x.`institution_id` = c.`institution_id` AND x.`dedupe_key` = 'lesson:' || NEW.`user_id` || ':' || NEW.`course_id` || ':' || NEW.`course_version` || ':' || NEW.`lesson_id`);
  INSERT INTO `lti_scores` (`id`, `link_id`, `user_id`, `dedupe_key`, `score_given`, `score_maximum`, `activity_progress`, `grading_progress`, `occurred_at`, `created_at`, `attempts`, `next_attempt_at`) SELECT lower(hex(randomblob(16))), l.`id`, NEW.`user_id`, 'lesson:' || NEW.`user_id`, 1, 1, 'Completed', 'FullyGraded', NEW.`occurred_at`, NEW.`received_at`, 0, NEW.`received_at` FROM `lti_link_learners` k JOIN `lti_resource_links` l ON l.`id` = k.`link_id` WHERE k.`user_id` = NEW.`user_id` AND l.`course_id` = NEW.`course_id` AND l.`lesson_id` = NEW.`lesson_id` AND l.`line_item_url` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `lti_scores` s WHERE s.`link_id` = l.`id` AND s.`dedupe_key` = 'lesson:' || NEW.`user_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `outbox_attempt_graded` AFTER UPDATE OF `status`, `passed` ON `attempts` FOR EACH ROW WHEN NEW.`status` = 'graded' AND OLD.`status` IS NOT 'graded' BEGIN
  INSERT INTO `xapi_statements` (`id`, `institution_id`, `kind`, `dedupe_key`, `user_id`, `course_id`, `course_version`, `lesson_id`, `ref_id`, `score_raw`, `score_max`, `occurred_at`, `created_at`, `attempts`, `next_attempt_at`) SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))), c.`institution_id`, 'assessment.passed', 'attempt:' || NEW.`id`, NEW.`user_id`, NEW.`course_id`, NEW.`course_version`, NULL, NEW.`id`, NEW.`points`, NEW.`max_points`, coalesce(NEW.`submitted_at`, NEW.`started_at`), coalesce(NEW.`submitted_at`, NEW.`started_at`), 0, coalesce(NEW.`submitted_at`, NEW.`started_at`) FROM `lrs_connections` c WHERE NEW.`passed` = 1 AND c.`enabled` = 1 AND EXISTS (SELECT 1 FROM `institution_enrolments` e WHERE e.`institution_id` = c.`institution_id` AND e.`user_id` = NEW.`user_id` AND e.`course_id` = NEW.`course_id`) AND NOT EXISTS (SELECT 1 FROM `xapi_statements` x WHERE x.`institution_id` = c.`institution_id` AND x.`dedupe_key` = 'attempt:' || NEW.`id`);
  INSERT INTO `lti_scores` (`id`, `link_id`, `user_id`, `dedupe_key`, `score_given`, `score_maximum`, `activity_progress`, `grading_progress`, `occurred_at`, `created_at`, `attempts`, `next_attempt_at`) SELECT lower(hex(randomblob(16))), l.`id`, NEW.`user_id`, 'attempt:' || NEW.`id`, NEW.`points`, NEW.`max_points`, 'Completed', 'FullyGraded', coalesce(NEW.`submitted_at`, NEW.`started_at`), coalesce(NEW.`submitted_at`, NEW.`started_at`), 0, coalesce(NEW.`submitted_at`, NEW.`started_at`) FROM `lti_link_learners` k JOIN `lti_resource_links` l ON l.`id` = k.`link_id` WHERE NEW.`purpose` = 'certification' AND NEW.`max_points` > 0 AND k.`user_id` = NEW.`user_id` AND l.`course_id` = NEW.`course_id` AND l.`lesson_id` IS NULL AND l.`line_item_url` IS NOT NULL AND (NEW.`passed` = 1 OR NOT EXISTS (SELECT 1 FROM `attempts` a WHERE a.`user_id` = NEW.`user_id` AND a.`course_id` = NEW.`course_id` AND a.`purpose` = 'certification' AND a.`passed` = 1 AND a.`id` <> NEW.`id`)) AND NOT EXISTS (SELECT 1 FROM `lti_scores` s WHERE s.`link_id` = l.`id` AND s.`dedupe_key` = 'attempt:' || NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `outbox_certificate_issued` AFTER INSERT ON `certificates` FOR EACH ROW WHEN NEW.`learner_id` IS NOT NULL BEGIN
  INSERT INTO `xapi_statements` (`id`, `institution_id`, `kind`, `dedupe_key`, `user_id`, `course_id`, `course_version`, `lesson_id`, `ref_id`, `score_raw`, `score_max`, `occurred_at`, `created_at`, `attempts`, `next_attempt_at`) SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))), c.`institution_id`, 'certificate.issued', 'certificate:' || NEW.`id`, NEW.`learner_id`, NEW.`course_id`, NEW.`course_version`, NULL, NEW.`id`, NULL, NULL, NEW.`issued_at`, NEW.`issued_at`, 0, NEW.`issued_at` FROM `lrs_connections` c WHERE c.`institution_id` = NEW.`institution_id` AND c.`enabled` = 1 AND EXISTS (SELECT 1 FROM `users` u WHERE u.`id` = NEW.`learner_id`) AND NOT EXISTS (SELECT 1 FROM `xapi_statements` x WHERE x.`institution_id` = c.`institution_id` AND x.`dedupe_key` = 'certificate:' || NEW.`id`);
END;
