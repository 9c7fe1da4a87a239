import type { Kysely } from 'kysely';

/**
 * Segments (with immutable versions), the endpoints of imported segments, and import/export jobs
 * with their pieces (one S3 object of an import, one part file of an export), which is what lets
 * a job resume after a crash without doing a finished piece twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('segments')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    /** DIMENSIONAL | IMPORT */
    .addColumn('segment_type', 'text', (col) => col.notNull())
    /** The latest version's number (versions start at 1). */
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('creation_date', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('segments_pk', ['account_id', 'region', 'app_id', 'id'])
    .execute();
  await db.schema.createIndex('segments_listing_idx').on('segments').columns(['account_id', 'region', 'app_id', 'creation_date', 'id']).execute();

  await db.schema
    .createTable('segment_versions')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    .addColumn('segment_id', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    /** JSON text: Name, Dimensions, SegmentGroups, ImportDefinition as the API wrote or built them. */
    .addColumn('definition', 'text', (col) => col.notNull())
    .addColumn('last_modified_date', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('segment_versions_pk', ['account_id', 'region', 'app_id', 'segment_id', 'version'])
    .execute();

  await db.schema
    .createTable('segment_members')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    .addColumn('segment_id', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('endpoint_id', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('segment_members_pk', ['account_id', 'region', 'app_id', 'segment_id', 'version', 'endpoint_id'])
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    /** IMPORT | EXPORT */
    .addColumn('job_type', 'text', (col) => col.notNull())
    /** The segment the job reads or writes, for GetSegmentImportJobs / GetSegmentExportJobs. */
    .addColumn('segment_id', 'text')
    /** JSON text: the job's Definition as the API answers it. */
    .addColumn('definition', 'text', (col) => col.notNull())
    .addColumn('job_status', 'text', (col) => col.notNull())
    .addColumn('total_pieces', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('completed_pieces', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('failed_pieces', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('total_processed', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('total_failures', 'integer', (col) => col.notNull().defaultTo(0))
    /** JSON text: a list of at most 100 failure descriptions. */
    .addColumn('failures', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('creation_date', 'text', (col) => col.notNull())
    .addColumn('completion_date', 'text')
    /** Who runs the job and until when (ISO-8601): a worker that dies lets the lease run out and another resumes. */
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    /** Times a worker took the job without finishing or giving it up (a crash each): past a few, the job fails. */
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('jobs_pk', ['account_id', 'region', 'app_id', 'id'])
    .execute();
  await db.schema.createIndex('jobs_listing_idx').on('jobs').columns(['account_id', 'region', 'app_id', 'job_type', 'creation_date', 'id']).execute();
  await db.schema.createIndex('jobs_runnable_idx').on('jobs').columns(['job_status', 'lease_until']).execute();

  await db.schema
    .createTable('job_pieces')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('region', 'text', (col) => col.notNull())
    .addColumn('app_id', 'text', (col) => col.notNull())
    .addColumn('job_id', 'text', (col) => col.notNull())
    .addColumn('piece', 'integer', (col) => col.notNull())
    /** The S3 object key the piece reads (import) or writes (export). */
    .addColumn('s3_key', 'text', (col) => col.notNull())
    /** PENDING | COMPLETED | FAILED */
    .addColumn('state', 'text', (col) => col.notNull())
    /** JSON text: where a piece resumes (an import's next row, an export's first endpoint id). */
    .addColumn('checkpoint', 'text')
    .addColumn('processed', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('job_pieces_pk', ['account_id', 'region', 'app_id', 'job_id', 'piece'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_pieces').execute();
  await db.schema.dropTable('jobs').execute();
  await db.schema.dropTable('segment_members').execute();
  await db.schema.dropTable('segment_versions').execute();
  await db.schema.dropTable('segments').execute();
}
