DROP INDEX `certificates_learner_course_uq`;--> statement-breakpoint
ALTER TABLE `certificates` ADD `qr_proof` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `cycle` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `certificates` ADD `renews` text;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_learner_course_cycle_uq` ON `certificates` (`learner_id`,`course_id`,`course_version`,`cycle`);--> statement-breakpoint
ALTER TABLE `attempts` ADD `purpose` text DEFAULT 'certification' NOT NULL;