import type { DomainErrorKind, DomainErrorShape } from '@cls/domain';

/** RFC 9457 problem details, with the stable rule code and the request's correlation id added. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  correlationId: string;
  errors?: FieldProblem[];
}

/** One broken rule on one input field: `field` is a dotted path into the body or the parameter's name. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

export const problemContentType = 'application/problem+json';

/** The one mapping from a domain refusal to HTTP. */
export const statusOfKind: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 422,
  unauthorised: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
};

const titles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const problemTypeUri = (code: string): string => `urn:contract-lifecycle:problem:${code}`;

export const problem = (
  status: number,
  code: string,
  detail: string,
  request: { instance: string; correlationId: string },
  errors?: FieldProblem[],
): ProblemDetails => ({
  type: problemTypeUri(code),
  title: titles[status] ?? 'Error',
  status,
  detail,
  instance: request.instance,
  code,
  correlationId: request.correlationId,
  ...(errors && errors.length > 0 ? { errors } : {}),
});

export const problemOfDomainError = (
  error: DomainErrorShape,
  request: { instance: string; correlationId: string },
): ProblemDetails =>
  problem(
    statusOfKind[error.kind],
    error.code,
    error.message,
    request,
    error.field ? [{ field: error.field, rule: error.code, message: error.message }] : undefined,
  );
