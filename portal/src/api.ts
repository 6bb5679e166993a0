import { createHookflowClient, type HookflowClient, type paths } from '@hookflow/client';

/** The JSON body of a path's successful answer, from the typed client's schema. */
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type Endpoint = Json<paths['/v1/tenants/{tenantId}/endpoints/{endpointId}']['get']['responses'][200]>;
export type EndpointStats = Json<paths['/v1/tenants/{tenantId}/endpoints/{endpointId}/stats']['get']['responses'][200]>;
export type Delivery = Json<paths['/v1/tenants/{tenantId}/deliveries/{deliveryId}']['get']['responses'][200]>;
export type DeliverySummary = Json<paths['/v1/tenants/{tenantId}/deliveries']['get']['responses'][200]>['data'][number];
export type EventSummary = Json<paths['/v1/tenants/{tenantId}/events']['get']['responses'][200]>['data'][number];
export type EventDetail = Json<paths['/v1/tenants/{tenantId}/events/{eventId}']['get']['responses'][200]>;
export type EventType = Json<paths['/v1/tenants/{tenantId}/event-types']['get']['responses'][200]>['data'][number];
export type PortalSession = Json<paths['/v1/tenants/{tenantId}/portal-sessions/current']['get']['responses'][200]>;
export type Secret = Json<paths['/v1/tenants/{tenantId}/endpoints/{endpointId}/secret']['get']['responses'][200]>;
export type DeliveryStatus = Delivery['status'];

/** The session this tab works with: read from the link's fragment, then kept for reloads. */
export interface Credentials {
  tenantId: string;
  token: string;
}

const STORAGE_KEY = 'hookflow.portal.session';
let remembered: Credentials | undefined;

/**
 * The link's fragment carries `tenant` and `session` (`#tenant=acme&session=hfps_…`): read
 * them once, keep them in sessionStorage (this tab only) and drop them from the address bar,
 * so the token is not left in the history or copied with a shared link.
 */
export function takeCredentials(): Credentials | undefined {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const tenantId = fragment.get('tenant');
  const token = fragment.get('session');
  if (tenantId && token) {
    remembered = { tenantId, token };
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(remembered));
    } catch {
      // storage refused (a sandboxed frame): this page keeps it in memory
    }
    history.replaceState(null, '', `${location.pathname}${location.search}#/endpoints`);
    // replaceState fires no event: tell the router the page is now #/endpoints.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    return remembered;
  }
  if (remembered) return remembered;
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (stored) remembered = JSON.parse(stored) as Credentials;
  } catch {
    // nothing stored
  }
  return remembered;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** Called when the API answers 401: the session expired or was revoked. */
let onExpired: () => void = () => {};
export function whenExpired(handler: () => void): void {
  onExpired = handler;
}

/** The data of a typed-client answer, or an ApiError with the API's message. */
export async function ok<T>(pending: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (response.status === 401) {
    onExpired();
    throw new ApiError(401, 'This link has expired');
  }
  if (!response.ok) {
    const message = (error as { error?: { message?: string } } | undefined)?.error?.message ?? `HTTP ${response.status}`;
    throw new ApiError(response.status, message);
  }
  return data as T;
}

export function connect(credentials: Credentials): HookflowClient {
  return createHookflowClient({ baseUrl: location.origin, apiKey: credentials.token });
}
