import { parseS3Url } from '../../../integrations/s3-access.ts';
import type { JobRecord } from '../../../storage/jobs-repository.ts';
import { JobFailedError } from '../job-runner.ts';

/**
 * What an export job's Definition (ExportJobResource) asks for: where the parts go and which
 * segment version, if any, is exported. Pinpoint documents only "a .gz file under the prefix";
 * the key layout is Pinion's: `<prefix>/<jobId>/part-00000.json.gz`, one folder per job so two
 * exports to one prefix never overwrite each other, and zero-padded numbers so a listing (in key
 * order) returns the parts in endpoint-id order.
 */
export interface ExportTarget {
  readonly bucket: string;
  /** The job's folder: the prefix (with a '/' added when it has none) followed by `<jobId>/`. */
  readonly folder: string;
  /** Undefined: every endpoint of the project. */
  readonly segment: { readonly id: string; readonly version: number } | undefined;
}

export const PART_KEY_DIGITS = 5;

/** The key of part `piece` (0-based). */
export function partKey(target: ExportTarget, piece: number): string {
  return `${target.folder}part-${String(piece).padStart(PART_KEY_DIGITS, '0')}.json.gz`;
}

/** Reads the job's definition; a definition the operation should never have stored fails the job. */
export function exportTarget(job: JobRecord): ExportTarget {
  const definition = job.definition;
  const url = definition.S3UrlPrefix;
  if (typeof url !== 'string') throw new JobFailedError('the export job has no S3UrlPrefix');
  const location = parseS3Url(url);
  if (!location) throw new JobFailedError(`S3UrlPrefix ${url} is not an s3://bucket/prefix URL`);
  const prefix = location.key === '' || location.key.endsWith('/') ? location.key : `${location.key}/`;
  const segmentId = definition.SegmentId;
  let segment: ExportTarget['segment'];
  if (segmentId !== undefined && segmentId !== null) {
    const version = definition.SegmentVersion;
    // CreateExportJob pins the version (the latest, when the request names none), so every part
    // and every resumed run exports the same definition.
    if (typeof segmentId !== 'string' || typeof version !== 'number' || !Number.isInteger(version)) {
      throw new JobFailedError(`the export job names segment ${String(segmentId)} without a segment version`);
    }
    segment = { id: segmentId, version };
  }
  return { bucket: location.bucket, folder: `${prefix}${job.id}/`, segment };
}
