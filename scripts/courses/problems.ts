import type * as z from 'zod';

/** One thing wrong in the content, said so an author knows where and what to fix. */
export interface Problem {
  file: string;
  where: string;
  message: string;
}

export class Problems {
  readonly list: Problem[] = [];

  add(file: string, where: string, message: string): void {
    this.list.push({ file, where, message });
  }

  /** Each zod issue becomes a problem at its field, e.g. `questions[3].options[1].text`. */
  fromZod(file: string, error: z.ZodError, prefix = ''): void {
    for (const issue of error.issues) {
      const where = issue.path.reduce<string>(
        (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
        prefix,
      );
      this.add(file, where || '(top level)', issue.message);
    }
  }

  get ok(): boolean {
    return this.list.length === 0;
  }

  format(): string {
    return this.list.map((p) => `${p.file}: ${p.where}: ${p.message}`).join('\n');
  }
}
