import {
  commandPermissions,
  planCommandPermissions,
  tenderCommandPermissions,
  type ContractCommandType,
  type PlanCommandType,
  type Role,
  type TenderCommandType,
} from '@cls/domain';
import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiHeader,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ContractCommandResultDto, PlanCommandResultDto } from './responses';
import { TenderCommandResultDto } from '../tenders/tenders.schema';
import { IdempotencyKey } from '../idempotency/command.interceptor';
import { z } from 'zod';

export const temporalUnavailable = "Temporal did not answer in time (`command.unavailable`): retry after Retry-After, with the same Idempotency-Key for a command";

/** The roles a person may hold to give a command: the permission table, less the workflow's own `system`. */
const peopleOf = (roles: readonly Role[]): Role[] => roles.filter((role) => role !== 'system');

interface CommandDoc {
  summary: string;
  roles: readonly Role[];
  result: Type<unknown>;
  /**
   * Set for a command that creates what it answers: 201, what the Location header names when there is one, and the
   * result with the new id when it answers one.
   */
  created?: { location?: string; result?: Type<unknown> };
  /** What the command answers when it creates nothing but answers more than the process's outcome. */
  answers?: Type<unknown>;
  /** The refusals the command gives by name, where saying them is more use than the general meaning. */
  refusals?: Refusals;
}

export interface Refusals {
  /** A refusal besides the role's, e.g. one the deployment's policy gives. */
  forbidden?: string;
  notFound?: string;
  conflict?: string;
  unprocessable?: string;
}

/**
 * What a command answers, said once for every command endpoint: its result (200, or 201 for one that creates), the
 * roles that may give it (403 otherwise), and the refusals of the domain and of the Idempotency-Key.
 */
const commandDocs = ({ summary, roles, result: commandResult, created, answers, refusals = {} }: CommandDoc) => {
  const result = created?.result ?? answers ?? commandResult;
  return applyDecorators(
    ApiOperation({ summary }),
    created
      ? ApiCreatedResponse({
          type: result,
          description: 'Recorded: the process after the command, with the events it appended',
          ...(created.location ? { headers: { Location: { description: created.location, schema: { type: 'string' } } } } : {}),
        })
      : ApiOkResponse({ type: result, description: 'The process after the command, with the events it appended' }),
    ApiForbiddenResponse({
      description: `\`access.role-not-permitted\` unless the caller’s role is ${peopleOf(roles).join(', ')}${refusals.forbidden ? `; ${refusals.forbidden}` : ''}`,
    }),
    ApiNotFoundResponse({ description: refusals.notFound ?? 'No such process, or none the caller may act on (`contract.not-found`, `tender.not-found`, `plan.not-found`)' }),
    ApiConflictResponse({
      description: `${refusals.conflict ?? 'Not at a step where the command applies: the code and detail name what is still missing'} (or a request with the same Idempotency-Key is in progress)`,
    }),
    ApiUnprocessableEntityResponse({
      description: `${refusals.unprocessable ?? 'The command breaks a rule of the domain, named with its field'}; or its Idempotency-Key was used on another request`,
    }),
    ApiServiceUnavailableResponse({ description: temporalUnavailable }),
  );
};

type Created = CommandDoc['created'];

export const ContractCommandDocs = (type: ContractCommandType, summary: string, created?: Created, more: Pick<CommandDoc, 'answers' | 'refusals'> = {}) =>
  commandDocs({ summary, roles: commandPermissions[type], result: ContractCommandResultDto.Output, ...(created ? { created } : {}), ...more });

export const TenderCommandDocs = (type: TenderCommandType, summary: string, created?: Created) =>
  commandDocs({ summary, roles: tenderCommandPermissions[type], result: TenderCommandResultDto.Output, ...(created ? { created } : {}) });

export const PlanCommandDocs = (type: PlanCommandType, summary: string) =>
  commandDocs({ summary, roles: planCommandPermissions[type], result: PlanCommandResultDto.Output });

/** A read of a process's state, which Temporal answers: a 503 when it does not in time. */
export const ProcessReadDocs = (summary: string, result: Type<unknown>) =>
  applyDecorators(ApiOperation({ summary }), ApiOkResponse({ type: result }), ApiServiceUnavailableResponse({ description: temporalUnavailable }));

/** The Idempotency-Key header every command takes, its form generated from the schema the interceptor checks it by. */
export const IdempotencyKeyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: "A key of the caller's own (a UUID, say) for one request: a retry with it answers the first outcome, reused on another request it is a 422",
    schema: z.toJSONSchema(IdempotencyKey.unwrap(), { target: 'openapi-3.0' }) as Record<string, unknown>,
  });
