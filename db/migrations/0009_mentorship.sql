CREATE TABLE `mentor_profiles` (
	`user_id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`bio` text NOT NULL,
	`expertise` text NOT NULL,
	`languages` text NOT NULL,
	`jurisdictions` text NOT NULL,
	`capacity` integer NOT NULL,
	`available` integer DEFAULT true NOT NULL,
	`womens_network` integer DEFAULT false NOT NULL,
	`reviewed_by` text,
	`reviewed_at` integer,
	`review_note` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `mentor_profiles_status_idx` ON `mentor_profiles` (`status`);--> statement-breakpoint
CREATE TABLE `mentoring_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`mentorship_id` text NOT NULL,
	`held_on` text NOT NULL,
	`minutes` integer NOT NULL,
	`notes` text NOT NULL,
	`next_steps` text,
	`logged_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`mentorship_id`) REFERENCES `mentorships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`logged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `mentoring_sessions_mentorship_idx` ON `mentoring_sessions` (`mentorship_id`,`held_on`);--> statement-breakpoint
CREATE TABLE `mentorship_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`mentee_id` text NOT NULL,
	`mentor_id` text NOT NULL,
	`needs` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`response_note` text,
	`created_at` integer NOT NULL,
	`responded_at` integer,
	FOREIGN KEY (`mentee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mentorship_requests_open_uq` ON `mentorship_requests` (`mentee_id`,`mentor_id`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `mentorship_requests_mentor_idx` ON `mentorship_requests` (`mentor_id`,`status`);--> statement-breakpoint
CREATE TABLE `mentorships` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`mentor_id` text NOT NULL,
	`mentee_id` text NOT NULL,
	`goals` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text,
	`cadence` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`closed_by` text,
	`closed_at` integer,
	`mentor_feedback` text,
	`mentee_feedback` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `mentorship_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mentorships_requestId_unique` ON `mentorships` (`request_id`);--> statement-breakpoint
CREATE INDEX `mentorships_mentor_idx` ON `mentorships` (`mentor_id`,`status`);--> statement-breakpoint
CREATE INDEX `mentorships_mentee_idx` ON `mentorships` (`mentee_id`,`status`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`data` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`read_at`,`created_at`);