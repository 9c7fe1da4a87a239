// A SQLite reader on a thread of its own (see sqlite-dialect.ts, readInBackground): the long
// read-only statements (a segment counted over a whole project) run here, so the server's event
// loop keeps answering requests meanwhile. Plain JavaScript for the same reason as the append
// worker. Its connection is read-only and sees committed data only.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

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

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    database.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, ok: true, result: statementFor(message.sql).all(...message.parameters) });
  } catch (error) {
    parentPort.postMessage({ id: message.id, ok: false, message: error instanceof Error ? error.message : String(error), code: error?.code });
  }
});
