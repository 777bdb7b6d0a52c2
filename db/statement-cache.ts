import Database from 'libsql';

type Connection = InstanceType<typeof Database>;
type Statement = ReturnType<Connection['prepare']>;

/** Statements kept per connection; Cascade's distinct SQL texts number in the hundreds. */
const PER_CONNECTION = 512;
const caches = new WeakMap<Connection, Map<string, Statement>>();
let installed = false;

/** Statements that change the schema: a cached statement's columns may change with it. */
const DDL = /^\s*(CREATE|ALTER|DROP)\b/i;

/**
 * Makes every embedded libSQL connection in this process keep its prepared statements.
 *
 * `@libsql/client` prepares each statement again on every call and then asks the native side,
 * one call at a time, to switch on 64-bit integers, switch on raw rows and list the columns
 * (twice). Profiles of the API put that at about 40 µs of every statement, more than running a
 * session lookup takes. Here each SQL text is prepared once per connection, and those settings
 * and its columns are kept with it, so a cached statement costs one native call to run.
 *
 * Safe because the client uses a statement synchronously from start to end (`all` or `run` in
 * one call), so no two uses overlap. SQLite re-prepares a statement by itself if the schema
 * changes; the kept columns are forgotten whenever a connection changes its schema (migrations),
 * the only time they can change. Node only: Workers use D1 or libSQL over HTTP.
 */
export function cacheStatements() {
  if (installed) return;
  installed = true;
  const prepare = Database.prototype.prepare;
  const exec = Database.prototype.exec;
  Database.prototype.prepare = function cachedPrepare(this: Connection, sql: string): Statement {
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new Map()));
    let statement = cache.get(sql);
    if (statement) {
      // Least recently used goes first: move this one to the end.
      cache.delete(sql);
    } else {
      if (DDL.test(sql)) cache.clear();
      statement = kept(prepare.call(this, sql));
      if (cache.size >= PER_CONNECTION) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  } as Connection['prepare'];
  Database.prototype.exec = function execForgetting(this: Connection, sql: string) {
    // Migrations and backups run scripts through exec: anything kept may be out of date after.
    caches.get(this)?.clear();
    return exec.call(this, sql);
  };
}

/** A statement whose settings and columns are asked of the native side once, then remembered. */
function kept(statement: Statement): Statement {
  let safeIntegers: boolean | undefined;
  let raw: boolean | undefined;
  let rawRefusal: unknown;
  let columns: ReturnType<Statement['columns']> | undefined;
  const setSafeIntegers = statement.safeIntegers.bind(statement);
  const setRaw = statement.raw.bind(statement);
  const readColumns = statement.columns.bind(statement);
  return Object.assign(statement, {
    safeIntegers(toggle = true) {
      if (safeIntegers !== toggle) setSafeIntegers(toggle);
      safeIntegers = toggle;
      return statement;
    },
    raw(toggle = true) {
      // A statement that returns no rows refuses raw mode; it always will.
      if (rawRefusal) throw rawRefusal;
      if (raw !== toggle) {
        try {
          setRaw(toggle);
        } catch (err) {
          rawRefusal = err;
          throw err;
        }
      }
      raw = toggle;
      return statement;
    },
    columns() {
      return (columns ??= readColumns());
    },
  });
}
