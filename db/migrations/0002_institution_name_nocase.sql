DROP INDEX `institutions_name_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `institutions_name_uq` ON `institutions` (lower("name"));