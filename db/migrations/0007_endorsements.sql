CREATE TABLE `endorsements` (
	`id` text PRIMARY KEY NOT NULL,
	`course_id` text NOT NULL,
	`course_version` text NOT NULL,
	`jwt` text NOT NULL,
	`comment` text,
	`endorsed_by` text,
	`created_at` integer NOT NULL,
	`withdrawn_at` integer,
	FOREIGN KEY (`endorsed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `endorsements_current_uq` ON `endorsements` (`course_id`,`course_version`) WHERE withdrawn_at IS NULL;