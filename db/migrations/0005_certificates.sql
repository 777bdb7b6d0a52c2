CREATE TABLE `certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`learner_id` text,
	`institution_id` text NOT NULL,
	`course_id` text NOT NULL,
	`course_version` text NOT NULL,
	`trainer_id` text,
	`kid` text NOT NULL,
	`jwt` text NOT NULL,
	`revocation_index` integer NOT NULL,
	`suspension_index` integer NOT NULL,
	`status` text DEFAULT 'valid' NOT NULL,
	`status_reason` text,
	`issued_at` integer NOT NULL,
	`valid_until` integer,
	FOREIGN KEY (`learner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_learner_course_uq` ON `certificates` (`learner_id`,`course_id`,`course_version`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_revocation_index_uq` ON `certificates` (`institution_id`,`revocation_index`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_suspension_index_uq` ON `certificates` (`institution_id`,`suspension_index`);--> statement-breakpoint
CREATE TABLE `issuer_keys` (
	`kid` text PRIMARY KEY NOT NULL,
	`issuer_id` text NOT NULL,
	`public_jwk` text NOT NULL,
	`sealed_private_jwk` text NOT NULL,
	`created_at` integer NOT NULL,
	`retired_at` integer
);
--> statement-breakpoint
CREATE INDEX `issuer_keys_issuer_idx` ON `issuer_keys` (`issuer_id`,`created_at`);