/**
 * Errors a service raises for the caller to see. The API maps each to one HTTP status in
 * one place (`api/errors.ts`); text here is shown to API users, never secrets.
 */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 422 | 503,
    readonly code: string,
    message: string,
    readonly details: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const notFound = (what: string, field: string, id: string) =>
  new ServiceError(404, 'not_found', `${what} ${JSON.stringify(id)} not found`, [{ field, message: `no ${what} with this id` }]);
