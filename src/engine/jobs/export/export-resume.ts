import type { JobPieceRecord } from '../../../storage/jobs-repository.ts';
import { JobFailedError } from '../job-runner.ts';

/**
 * Where an export resumes, from its pieces alone. Pieces are the part files, numbered from 0 and
 * written strictly one after another; the parts hold the selection in endpoint-id order.
 *
 * The checkpoint of a COMPLETED piece is the id the NEXT part starts after: the last id the part
 * holds (or, for an empty part, the id it itself started after; absent = from the first endpoint).
 * It is written in the same transaction that completes the piece, so it is never missing or
 * half-written. (addPiece cannot carry a checkpoint, so storing a part's own start on the part
 * would need a second write, and a crash between the two would lose the start.) A piece is
 * completed once only (recordProgress ignores a finished piece), so a boundary, once recorded,
 * never moves: a part rebuilt after a crash may differ from the lost attempt, but it starts and
 * ends where the final set of parts needs it to, and no endpoint is skipped or written twice.
 */
export type ResumePoint =
  /** Write this (PENDING) piece, starting after `startAfter`. */
  | { readonly kind: 'write'; readonly piece: number; readonly startAfter: string | undefined }
  /** Every piece is written: the export goes on with piece `next` only if endpoints follow `startAfter`. */
  | { readonly kind: 'after-last'; readonly next: number; readonly startAfter: string | undefined };

export function resumePoint(pieces: readonly JobPieceRecord[]): ResumePoint {
  const sorted = [...pieces].sort((a, b) => a.piece - b.piece);
  let startAfter: string | undefined;
  for (const [index, piece] of sorted.entries()) {
    if (piece.piece !== index) throw inconsistent(`piece ${index} is missing`);
    if (piece.state === 'PENDING') {
      if (index !== sorted.length - 1) throw inconsistent(`piece ${index} is pending but piece ${index + 1} exists`);
      return { kind: 'write', piece: index, startAfter };
    }
    if (piece.state === 'FAILED') throw inconsistent(`piece ${index} failed`);
    startAfter = piece.checkpoint;
  }
  return { kind: 'after-last', next: sorted.length, startAfter };
}

/** The checkpoint a completed part records: where the next part starts. */
export function nextStart(startAfter: string | undefined, lastId: string | undefined): string | undefined {
  return lastId ?? startAfter;
}

function inconsistent(detail: string): JobFailedError {
  // Only another writer (or a hand-edited database) produces this; exporting on could skip or
  // repeat endpoints, so the job stops with the reason.
  return new JobFailedError(`the export job's stored parts are inconsistent (${detail}); create a new export job`);
}
