import type {
  GetExportJobCommandInput,
  GetExportJobCommandOutput,
  GetExportJobsCommandInput,
  GetExportJobsCommandOutput,
  GetImportJobCommandInput,
  GetImportJobCommandOutput,
  GetImportJobsCommandInput,
  GetImportJobsCommandOutput,
  GetSegmentExportJobsCommandInput,
  GetSegmentExportJobsCommandOutput,
  GetSegmentImportJobsCommandInput,
  GetSegmentImportJobsCommandOutput,
} from '@aws-sdk/client-pinpoint';
import type { OperationHandler, Output } from '../operation-context.ts';
import { requireJob, toJobResponse } from './job-response.ts';
import { listJobs } from './list-jobs.ts';

export const getImportJob: OperationHandler<GetImportJobCommandInput, Output<GetImportJobCommandOutput>> = async (input, context) => ({
  ImportJobResponse: toJobResponse(await requireJob(context, input.ApplicationId!, 'IMPORT', input.JobId!)),
});

export const getExportJob: OperationHandler<GetExportJobCommandInput, Output<GetExportJobCommandOutput>> = async (input, context) => ({
  ExportJobResponse: toJobResponse(await requireJob(context, input.ApplicationId!, 'EXPORT', input.JobId!)),
});

export const getImportJobs: OperationHandler<GetImportJobsCommandInput, Output<GetImportJobsCommandOutput>> = async (input, context) => ({
  ImportJobsResponse: await listJobs(context, 'IMPORT', input),
});

export const getExportJobs: OperationHandler<GetExportJobsCommandInput, Output<GetExportJobsCommandOutput>> = async (input, context) => ({
  ExportJobsResponse: await listJobs(context, 'EXPORT', input),
});

export const getSegmentImportJobs: OperationHandler<GetSegmentImportJobsCommandInput, Output<GetSegmentImportJobsCommandOutput>> = async (input, context) => ({
  ImportJobsResponse: await listJobs(context, 'IMPORT', input),
});

export const getSegmentExportJobs: OperationHandler<GetSegmentExportJobsCommandInput, Output<GetSegmentExportJobsCommandOutput>> = async (input, context) => ({
  ExportJobsResponse: await listJobs(context, 'EXPORT', input),
});
