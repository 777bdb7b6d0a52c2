CREATE TABLE `consultation_mentors` (
	`consultation_id` text NOT NULL,
	`mentor_id` text NOT NULL,
	PRIMARY KEY(`consultation_id`, `mentor_id`),
	FOREIGN KEY (`consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `consultation_mentors_mentor_idx` ON `consultation_mentors` (`mentor_id`);--> statement-breakpoint
CREATE TABLE `consultation_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`consultation_id` text NOT NULL,
	`author_id` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `consultation_replies_idx` ON `consultation_replies` (`consultation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `consultation_views` (
	`id` text PRIMARY KEY NOT NULL,
	`consultation_id` text NOT NULL,
	`viewer_id` text,
	`viewed_at` integer NOT NULL,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`viewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `consultation_views_idx` ON `consultation_views` (`consultation_id`,`viewed_at`);--> statement-breakpoint
CREATE TABLE `consultations` (
	`id` text PRIMARY KEY NOT NULL,
	`author_id` text NOT NULL,
	`jurisdiction` text NOT NULL,
	`offence_type` text NOT NULL,
	`stage` text NOT NULL,
	`question` text NOT NULL,
	`confirmed` text NOT NULL,
	`created_at` integer NOT NULL,
	`retain_until` integer NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `consultations_author_idx` ON `consultations` (`author_id`);--> statement-breakpoint
CREATE INDEX `consultations_retain_idx` ON `consultations` (`retain_until`);