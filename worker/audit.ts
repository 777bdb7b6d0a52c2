import type { Db } from '../db/client';
import { auditLog } from '../db/schema';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  institutionId?: string | null;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, unknown>;
}

/** An audit insert to put in the same batch as the change it records. */
export function audit(db: Db, at: Date, requestId: string | undefined, entry: AuditEntry) {
  return db.insert(auditLog).values({ ...entry, at, requestId: requestId ?? null });
}
