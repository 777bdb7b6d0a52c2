CREATE TABLE `attempt_answers` (
	`attempt_id` text NOT NULL,
	`question_id` text NOT NULL,
	`answer` text NOT NULL,
	`saved_at` integer NOT NULL,
	`points` real,
	`scored_by` text,
	`comment` text,
	PRIMARY KEY(`attempt_id`, `question_id`),
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`scored_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`course_version` text NOT NULL,
	`seed` integer NOT NULL,
	`questions` text NOT NULL,
	`started_at` integer NOT NULL,
	`deadline_at` integer NOT NULL,
	`submitted_at` integer,
	`submit_id` text,
	`status` text DEFAULT 'open' NOT NULL,
	`points` real,
	`max_points` real,
	`passed` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attempts_user_course_idx` ON `attempts` (`user_id`,`course_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `attempts_one_open_uq` ON `attempts` (`user_id`,`course_id`) WHERE status = 'open';--> statement-breakpoint
CREATE TABLE `course_releases` (
	`course_id` text NOT NULL,
	`version` text NOT NULL,
	`content_hash` text NOT NULL,
	`release` text NOT NULL,
	`published_at` integer NOT NULL,
	PRIMARY KEY(`course_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `practical_assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`learner_id` text NOT NULL,
	`institution_id` text NOT NULL,
	`course_id` text NOT NULL,
	`course_version` text NOT NULL,
	`scorer_id` text,
	`levels` text NOT NULL,
	`comments` text,
	`points` integer NOT NULL,
	`passed` integer NOT NULL,
	`created_at` integer NOT NULL,
	`moderator_id` text,
	`moderated_levels` text,
	`moderated_points` integer,
	`moderated_passed` integer,
	`moderation_comment` text,
	`moderated_at` integer,
	FOREIGN KEY (`learner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`scorer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`moderator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `practicals_learner_course_idx` ON `practical_assessments` (`learner_id`,`course_id`);