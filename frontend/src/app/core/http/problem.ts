import { HttpErrorResponse } from '@angular/common/http';

/** An RFC 9457 problem as booking-api sends it, plus the fields some problems add. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  reason?: string;
  [extra: string]: unknown;
}

/** An HTTP failure turned into something a person can read: a title and a sentence. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly original?: unknown,
  ) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** The sentence to show: the problem's detail when it has one, else its title. */
  get humanMessage(): string {
    return this.problem.detail || this.problem.title;
  }
}

/** Reads any HttpClient failure as a problem, whether or not the server sent problem+json. */
export function toProblem(error: HttpErrorResponse): Problem {
  const body = error.error;
  if (body && typeof body === 'object' && typeof body.title === 'string') {
    return { ...body, status: typeof body.status === 'number' ? body.status : error.status } as Problem;
  }
  if (typeof body === 'string' && body.trim().startsWith('{')) {
    try {
      const parsed = JSON.parse(body);
      if (typeof parsed.title === 'string') {
        return { ...parsed, status: parsed.status ?? error.status };
      }
    } catch {
      // not JSON after all: fall through to the generic message
    }
  }
  if (error.status === 0) {
    return {
      title: 'No connection',
      status: 0,
      detail: 'The server could not be reached. Check your connection and try again.',
    };
  }
  if (error.status >= 500) {
    return {
      title: 'Something went wrong on our side',
      status: error.status,
      detail: 'Please try again in a moment.',
    };
  }
  return { title: error.statusText || 'Request failed', status: error.status };
}

/** The message for any error the app may catch: an ApiError's sentence, or a generic one. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    return error.humanMessage;
  }
  if (error instanceof HttpErrorResponse) {
    const problem = toProblem(error);
    return problem.detail || problem.title;
  }
  return 'Something went wrong. Please try again.';
}
