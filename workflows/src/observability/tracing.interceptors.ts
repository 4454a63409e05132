import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * Continues the trace the client started (its context arrives in the workflow's headers) into RunWorkflow and
 * HandleUpdate spans and onward to each activity. Spans leave the isolate through the worker's `exporter` sink,
 * which is not called on replay, so replaying a history emits no spans twice and adds no commands.
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new OpenTelemetryInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
