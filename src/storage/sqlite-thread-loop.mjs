// The message loop of the SQLite threads (sqlite-append-worker.mjs, sqlite-read-worker.mjs; see
// SqliteThread in sqlite-dialect.ts): each request's answer, or its error with SQLite's code, goes
// back under the request's id; 'close' closes the connection and ends the thread.
import { parentPort } from 'node:worker_threads';

export function answerRequests(database, handle) {
  parentPort.on('message', (message) => {
    if (message.type === 'close') {
      database.close();
      parentPort.close();
      return;
    }
    try {
      parentPort.postMessage({ id: message.id, ok: true, result: handle(message) });
    } catch (error) {
      parentPort.postMessage({ id: message.id, ok: false, message: error instanceof Error ? error.message : String(error), code: error?.code });
    }
  });
}
