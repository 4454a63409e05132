import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import type { ClientInterceptors } from '@temporalio/client';
import type { ActivityInboundCallsInterceptor, Next, WorkerOptions } from '@temporalio/worker';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { ActivityExecuteInput } from '@temporalio/worker';
import type { Tracing } from './tracing';

/** The API's Temporal client: each start and update carries the request's trace context in the workflow headers. */
export const tracingClientInterceptors = (): ClientInterceptors => ({ workflow: [new OpenTelemetryWorkflowClientInterceptor()] });

/**
 * Counts retried attempts and failures by activity type through the worker's own metric meter, so they are read
 * at the same Prometheus endpoint as the SDK's metrics, labelled `activityType` (and namespace, task queue) by it.
 */
class ActivityAttemptMetrics implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: ActivityContext) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const meter = this.ctx.metricMeter;
    if (this.ctx.info.attempt > 1) meter.createCounter('cls_activity_retries', 'attempts', 'Activity attempts after the first').add(1);
    try {
      return await next(input);
    } catch (error) {
      meter.createCounter('cls_activity_failures', 'attempts', 'Activity attempts that failed').add(1);
      throw error;
    }
  }
}

/**
 * What a worker adds for observability: tracing interceptors (the workflow's run in `workflowInterceptorModules`
 * of the bundle, its spans leaving the isolate through the `exporter` sink) and the attempt metrics.
 */
export const workerObservabilityOptions = (tracing: Tracing): Pick<WorkerOptions, 'interceptors' | 'sinks'> => ({
  interceptors: {
    activity: [
      (ctx) => ({ inbound: new ActivityAttemptMetrics(ctx) }),
      (ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) }),
    ],
  },
  sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
});
