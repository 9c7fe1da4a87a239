// The SQLite audit writer, on a thread of its own (see sqlite-dialect.ts, appendRows). Plain
// JavaScript so that it starts the same way whatever loaded the server (tsx via --import or via
// the bin launcher's register()). It owns one connection, prepares each INSERT it is sent once, and
// runs each batch it is sent in a BEGIN IMMEDIATE transaction, so the server's event loop never
// waits on SQLite for these writes.
import { workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { answerRequests } from './sqlite-thread-loop.mjs';

const database = new BetterSqlite3(workerData.file, { timeout: workerData.busyTimeoutMs });
database.pragma(`busy_timeout = ${workerData.busyTimeoutMs}`);
const inserts = new Map();

/** The batch runner for one INSERT text (built by sqlite-dialect.ts), prepared once. */
function insertAllFor(sql) {
  let insertAll = inserts.get(sql);
  if (!insertAll) {
    const statement = database.prepare(sql);
    insertAll = database.transaction((rows) => {
      for (const row of rows) statement.run(...row);
    }).immediate;
    inserts.set(sql, insertAll);
  }
  return insertAll;
}

answerRequests(database, (message) => {
  insertAllFor(message.sql)(message.rows);
});
