import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import {
  getRandomStream,
  patched,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/**
 * The marker a run records when it starts with tracing. A run started before tracing was deployed has none, and
 * replays (and carries on) exactly as it ran: the OpenTelemetry interceptors add awaits around every activity,
 * child and update, which could reorder what an untraced run decided.
 */
export const workflowTracingPatch = 'cls-workflow-tracing';

/**
 * Span and trace ids are drawn from a named stream of the workflow's seeded randomness, never from `Math.random()`
 * itself: the workflow's `uuid4()` values (command and child ids) stay what they are without tracing, and an update
 * validator's span, made only when the update arrives and never on replay, cannot shift them between a run and its
 * replay.
 */
const tracingRandomStream = 'cls.workflow-tracing';

/** Decided once, when the run starts, so that every interceptor of the run agrees with the recorded marker. */
interface TracingDecision {
  on: boolean;
}

const traced = <T>(decision: TracingDecision, run: () => T, untraced: () => T): T =>
  decision.on ? getRandomStream(tracingRandomStream).with(run) : untraced();

class PatchedInbound implements WorkflowInboundCallsInterceptor {
  constructor(
    private readonly decision: TracingDecision,
    private readonly inner: OpenTelemetryInboundInterceptor,
  ) {}

  execute: WorkflowInboundCallsInterceptor['execute'] = (input, next) => {
    // The first call of every run, before any update or query reaches the run's handlers.
    this.decision.on = patched(workflowTracingPatch);
    return traced(this.decision, () => this.inner.execute(input, next), () => next(input));
  };

  handleSignal: WorkflowInboundCallsInterceptor['handleSignal'] = (input, next) =>
    traced(this.decision, () => this.inner.handleSignal(input, next), () => next(input));

  handleUpdate: WorkflowInboundCallsInterceptor['handleUpdate'] = (input, next) =>
    traced(this.decision, () => this.inner.handleUpdate(input, next), () => next(input));

  validateUpdate: WorkflowInboundCallsInterceptor['validateUpdate'] = (input, next) =>
    traced(this.decision, () => this.inner.validateUpdate(input, next), () => next(input));

  handleQuery: WorkflowInboundCallsInterceptor['handleQuery'] = (input, next) =>
    traced(this.decision, () => this.inner.handleQuery(input, next), () => next(input));
}

type Outbound = Required<
  Pick<
    WorkflowOutboundCallsInterceptor,
    | 'scheduleActivity'
    | 'scheduleLocalActivity'
    | 'startChildWorkflowExecution'
    | 'continueAsNew'
    | 'signalWorkflow'
    | 'startNexusOperation'
    | 'getLogAttributes'
  >
>;

class PatchedOutbound implements Outbound {
  constructor(
    private readonly decision: TracingDecision,
    private readonly inner: OpenTelemetryOutboundInterceptor,
  ) {}

  scheduleActivity: Outbound['scheduleActivity'] = (input, next) =>
    traced(this.decision, () => this.inner.scheduleActivity(input, next), () => next(input));

  scheduleLocalActivity: Outbound['scheduleLocalActivity'] = (input, next) =>
    traced(this.decision, () => this.inner.scheduleLocalActivity(input, next), () => next(input));

  startChildWorkflowExecution: Outbound['startChildWorkflowExecution'] = (input, next) =>
    traced(this.decision, () => this.inner.startChildWorkflowExecution(input, next), () => next(input));

  continueAsNew: Outbound['continueAsNew'] = (input, next) =>
    traced(this.decision, () => this.inner.continueAsNew(input, next), () => next(input));

  signalWorkflow: Outbound['signalWorkflow'] = (input, next) =>
    traced(this.decision, () => this.inner.signalWorkflow(input, next), () => next(input));

  startNexusOperation: Outbound['startNexusOperation'] = (input, next) =>
    traced(this.decision, () => this.inner.startNexusOperation(input, next), () => next(input));

  getLogAttributes: Outbound['getLogAttributes'] = (input, next) =>
    traced(this.decision, () => this.inner.getLogAttributes(input, next), () => next(input));
}

/**
 * Continues the trace the client started (its context arrives in the workflow's headers) into RunWorkflow and
 * HandleUpdate spans and onward to each activity, in runs that started with the `workflowTracingPatch` marker.
 * Spans leave the isolate through the worker's `exporter` sink, which is not called on replay, so replaying a
 * history emits no spans twice; tracing adds no command but the marker.
 */
export const interceptors: WorkflowInterceptorsFactory = () => {
  const decision: TracingDecision = { on: false };
  return {
    inbound: [new PatchedInbound(decision, new OpenTelemetryInboundInterceptor())],
    outbound: [new PatchedOutbound(decision, new OpenTelemetryOutboundInterceptor())],
    internals: [new OpenTelemetryInternalsInterceptor()],
  };
};
