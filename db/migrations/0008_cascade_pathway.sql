CREATE TABLE `announcements` (
	`id` text PRIMARY KEY NOT NULL,
	`cohort_id` text NOT NULL,
	`author_id` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `announcements_cohort_idx` ON `announcements` (`cohort_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `cohort_courses` (
	`cohort_id` text NOT NULL,
	`course_id` text NOT NULL,
	PRIMARY KEY(`cohort_id`, `course_id`),
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cohort_courses_course_idx` ON `cohort_courses` (`course_id`);--> statement-breakpoint
CREATE TABLE `curriculum_adoptions` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`course_id` text NOT NULL,
	`course_version` text NOT NULL,
	`programme` text NOT NULL,
	`year` integer NOT NULL,
	`note` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `adoptions_uq` ON `curriculum_adoptions` (`institution_id`,`course_id`,`programme`,`year`);--> statement-breakpoint
CREATE TABLE `trainer_qualifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`level` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`institution_id` text,
	`granted_by` text,
	`granted_at` integer NOT NULL,
	`evidence` text NOT NULL,
	`status_reason` text,
	`status_changed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`granted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `qualifications_current_uq` ON `trainer_qualifications` (`user_id`,`course_id`,`level`) WHERE status <> 'revoked';--> statement-breakpoint
CREATE INDEX `qualifications_course_idx` ON `trainer_qualifications` (`course_id`,`level`);--> statement-breakpoint
CREATE INDEX `qualifications_granted_by_idx` ON `trainer_qualifications` (`granted_by`);--> statement-breakpoint
ALTER TABLE `cohorts` ADD `region` text;--> statement-breakpoint
ALTER TABLE `cohorts` ADD `in_capital` integer;--> statement-breakpoint
ALTER TABLE `cohorts` ADD `starts_on` text;--> statement-breakpoint
ALTER TABLE `cohorts` ADD `ends_on` text;--> statement-breakpoint
ALTER TABLE `cohorts` ADD `lead_trainer_id` text REFERENCES users(id);--> statement-breakpoint
CREATE INDEX `cohorts_lead_idx` ON `cohorts` (`lead_trainer_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `international_expert` integer DEFAULT false NOT NULL;