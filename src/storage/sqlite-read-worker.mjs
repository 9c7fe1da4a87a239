// A SQLite reader on a thread of its own (see sqlite-dialect.ts, readInBackground): the long
// read-only statements (a segment counted over a whole project) run here, so the server's event
// loop keeps answering requests meanwhile. Plain JavaScript for the same reason as the append
// worker. Its connection is read-only and sees committed data only.
import { workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { answerRequests } from './sqlite-thread-loop.mjs';

const database = new BetterSqlite3(workerData.file, { readonly: true, timeout: workerData.busyTimeoutMs });
database.pragma(`busy_timeout = ${workerData.busyTimeoutMs}`);
const statements = new Map();

function statementFor(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    statement = database.prepare(sql);
    if (statements.size >= 64) statements.delete(statements.keys().next().value);
    statements.set(sql, statement);
  }
  return statement;
}

answerRequests(database, (message) => statementFor(message.sql).all(...message.parameters));
