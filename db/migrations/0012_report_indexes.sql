CREATE INDEX `attempts_summative_idx` ON `attempts` (`user_id`,`course_id`,`purpose`,`status`,`passed`);--> statement-breakpoint
CREATE INDEX `certificates_learner_status_idx` ON `certificates` (`learner_id`,`course_id`,`status`);--> statement-breakpoint
CREATE INDEX `certificates_trainer_idx` ON `certificates` (`trainer_id`,`course_id`);--> statement-breakpoint
CREATE INDEX `cohort_members_role_idx` ON `cohort_members` (`cohort_id`,`role`,`user_id`);--> statement-breakpoint
CREATE INDEX `progress_events_completed_idx` ON `progress_events` (`user_id`,`course_id`,`lesson_id`) WHERE type = 'lesson.completed';--> statement-breakpoint
CREATE INDEX `users_report_idx` ON `users` (`id`,`gender`,`sector`,`in_capital`);