CREATE TABLE `progress_events` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`type` text NOT NULL,
	`course_id` text NOT NULL,
	`course_version` text NOT NULL,
	`lesson_id` text NOT NULL,
	`check_id` text,
	`answer` text,
	`correct` integer,
	`occurred_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `progress_events_user_course_idx` ON `progress_events` (`user_id`,`course_id`,`lesson_id`);